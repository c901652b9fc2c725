package io.windowops.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.audit.TimelineReader;
import io.windowops.platform.logging.FileLogging;
import io.windowops.local.LocalMode;
import io.windowops.notifier.NotifierVerticle;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.validator.source.SourceSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code windowops demo}: the whole system in one JVM (as {@code windowops up}) plus what a
 * maintenance window needs around it, all real and local: a workload on disk with its metrics
 * endpoint, a Prometheus scraping it, an SMTP server catching the email. Two windows run from
 * the example catalog: a cache cleanup that completes and an upgrade that fails its check and
 * rolls back. Ends with one line per window, {@code <window id> <final state>}.
 */
public final class Demo {

  /** What the demo is asked to do. */
  public record Options(Path dataDir, int kafkaPort, int basePort, boolean prometheus, Duration windowLimit) {}

  /** The final state each window must reach for the demo to succeed. */
  static final String CACHE_EXPECTED = "COMPLETED";
  static final String UPGRADE_EXPECTED = "ROLLED_BACK";
  private static final Duration MAIL_LIMIT = Duration.ofSeconds(15);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Options options;
  private final WindowOpsConfig base;
  private final PrintWriter out;
  private final long began = System.nanoTime();
  private final List<AutoCloseable> running = new ArrayList<>();

  public Demo(Options options, WindowOpsConfig base, PrintWriter out) {
    this.options = options;
    this.base = base;
    this.out = out;
  }

  /** Runs the demo and returns the process exit code: 0 when both windows ended as expected. */
  public int run() throws Exception {
    Path home = options.dataDir().toAbsolutePath();
    Files.createDirectories(home);
    FileLogging.toFile(Files.createDirectories(home.resolve("logs")).resolve("windowops.log"));
    out.println("WindowOps demo: two maintenance windows on a simulated resolver, end to end.");
    out.println("  data and logs: " + home);
    Map<String, String> finals;
    // Ctrl-C must not leave the Prometheus child process or the broker behind.
    Thread onExit = new Thread(this::stopAll, "windowops-demo-stop");
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      ResolverWorkload workload = ResolverWorkload.create(home.resolve("workload"));
      WorkloadEndpoint endpoint = keep(WorkloadEndpoint.start(workload));
      out.println("  resolver metrics: " + endpoint.url() + "/metrics (its state on disk: " + home.resolve("workload") + ")");
      WindowOpsConfig config = base;
      DemoWindows.CheckSource source = DemoWindows.CheckSource.HTTP;
      Optional<Path> prometheusBin = options.prometheus() ? DemoPrometheus.locate() : Optional.empty();
      if (prometheusBin.isPresent()) {
        DemoPrometheus prometheus =
            keep(DemoPrometheus.start(prometheusBin.get(), home.resolve("prometheus"), endpoint.target()));
        config = config.with(SourceSettings.PROMETHEUS_URL, prometheus.url());
        source = DemoWindows.CheckSource.PROMETHEUS;
        out.println("  checks: Prometheus (" + prometheusBin.get() + ") at " + prometheus.url() + ", scraping the resolver every 1 s");
      } else if (options.prometheus()) {
        out.println("  " + DemoPrometheus.notFound() + ": the checks read " + endpoint.url() + "/status.json with the validator's HTTP"
            + " criterion instead (install it with 'sudo apt-get install prometheus', or set " + DemoPrometheus.BIN_ENV + ")");
      } else {
        out.println("  checks: the validator's HTTP criterion on " + endpoint.url() + "/status.json (--no-prometheus)");
      }
      MailCatcher mail = keep(MailCatcher.start());
      config = config.with(NotifierVerticle.POLICY, DemoNotices.write(home, mail.port()).toString());
      out.println("  email: SMTP catcher (GreenMail) at 127.0.0.1:" + mail.port());
      out.println("Starting WindowOps: Kafka broker (KRaft), schema registry, scheduler, executor, validator, notifier...");
      out.flush();
      LocalMode local = keep(LocalMode.start(home, LocalMode.Ports.from(options.kafkaPort(), options.basePort()), config));
      Map<String, String> endpoints = local.endpoints().stream()
          .collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address, (a, b) -> a, LinkedHashMap::new));
      endpoints.forEach((name, address) -> out.println("  " + name + " " + address));
      out.printf(Locale.ROOT, "WindowOps ready after %.1f s%n", seconds());

      finals = runWindows(workload, endpoint, source, endpoints, mail);
    } finally {
      out.println();
      out.println("Stopping WindowOps, Prometheus and the SMTP catcher...");
      out.flush();
      stopAll();
      removeHook(onExit);
    }
    return report(finals);
  }

  private Map<String, String> runWindows(
      ResolverWorkload workload, WorkloadEndpoint endpoint, DemoWindows.CheckSource source,
      Map<String, String> endpoints, MailCatcher mail) throws Exception {
    DemoWindows windows = new DemoWindows(workload, source, endpoint.url());
    DemoApi api = new DemoApi(endpoints.get("scheduler"));
    String stamp = STAMP.format(Instant.now());
    String cacheId = "DEMO-" + stamp + "-CACHE";
    String upgradeId = "DEMO-" + stamp + "-UPGRADE";
    out.println();
    out.println("Requesting two emergency windows in development (each starts "
        + DemoWindows.START_DELAY.toSeconds() + " s after its request; approved by the incident commander and the"
        + " engineering manager):");
    // Each start is counted from its own request, so a slow first request cannot make the second miss its start.
    List<Function<Instant, JsonObject>> requests =
        List.of(now -> windows.cacheCleanup(cacheId, now), now -> windows.upgrade(upgradeId, now));
    for (Function<Instant, JsonObject> request : requests) {
      JsonObject w = request.apply(Instant.now());
      api.requestApproved(w);
      out.println("  " + w.getString("windowId") + "  " + w.getString("title") + ": " + describe(w));
    }
    out.println();
    out.println("Live progress (seconds since the demo started):");
    out.flush();
    Map<String, String> finals =
        new ProgressWatcher(api, out, began).follow(List.of(cacheId, upgradeId), options.windowLimit());

    awaitFinalMail(mail, Map.of(cacheId, "completion", upgradeId, "rolled-back"));
    WindowOpsConfig kafka = base
        .with(WindowOpsConfig.KAFKA_BOOTSTRAP_SERVERS, endpoints.get("kafka"))
        .with(WindowOpsConfig.SCHEMA_REGISTRY_URL, endpoints.get("schema-registry"));
    TimelinePrinter timelines = new TimelinePrinter(new TimelineReader(kafka), out);
    timelines.print(cacheId);
    timelines.print(upgradeId);

    out.println();
    out.println("The resolver afterwards: versions " + workload.versions() + ", cache " + workload.cacheBytes() + " bytes");
    printNotices(endpoints.get("notifier"), mail, List.of(cacheId, upgradeId));
    Map<String, String> ordered = new LinkedHashMap<>();
    ordered.put(cacheId, finals.get(cacheId));
    ordered.put(upgradeId, finals.get(upgradeId));
    return ordered;
  }

  /** The steps and the check of a window request, in a few words. */
  private static String describe(JsonObject w) {
    List<String> steps = new ArrayList<>();
    for (Object s : w.getJsonArray("steps")) {
      JsonObject step = (JsonObject) s;
      steps.add(step.getString("stepId") + " (" + step.getString("action") + ")");
    }
    JsonObject check = w.getJsonArray("successCriteria").getJsonObject(0);
    String measured = check.containsKey("query")
        ? check.getString("query")
        : check.getString("url") + " field " + check.getJsonObject("params").getString("jsonPath");
    return String.join(", ", steps) + "; then check " + measured + " " + check.getString("comparator") + " "
        + EventSummary.number(check.getDouble("threshold"));
  }

  /** The final notices are sent just after the final state: give them a moment to arrive. */
  private void awaitFinalMail(MailCatcher mail, Map<String, String> noticeByWindow) throws InterruptedException {
    long deadline = System.nanoTime() + MAIL_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<MailCatcher.Mail> got = mail.received();
      boolean all = noticeByWindow.entrySet().stream().allMatch(e ->
          got.stream().anyMatch(m -> m.windowId().equals(e.getKey()) && m.notice().equals(e.getValue())));
      if (all) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private void printNotices(String notifier, MailCatcher mail, List<String> windowIds) {
    out.println();
    out.println("Notices");
    out.println("  status page: " + notifier + "/ (JSON: " + notifier + "/api/status; served until the demo stops)");
    statusPage(notifier).forEach((id, status) -> {
      if (windowIds.contains(id)) {
        out.println("    shows " + id + " " + status);
      }
    });
    List<MailCatcher.Mail> mails = mail.received();
    out.println("  email: " + mails.size() + " messages to " + DemoNotices.EMAIL_TO + " caught by the SMTP catcher at 127.0.0.1:" + mail.port());
    for (MailCatcher.Mail m : mails) {
      out.println("    " + m.windowId() + "  " + m.subject());
    }
    out.flush();
  }

  /** The windows on the built-in status page and the status it shows for each. */
  private static Map<String, String> statusPage(String notifier) {
    Map<String, String> shown = new LinkedHashMap<>();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(notifier + "/api/status")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonObject page = new JsonObject(r.body());
      for (String section : List.of("current", "upcoming", "recent")) {
        for (Object o : page.getJsonArray(section, new JsonArray())) {
          JsonObject w = (JsonObject) o;
          shown.put(w.getString("windowId"), w.getString("status"));
        }
      }
    } catch (IOException | RuntimeException e) {
      shown.put("(status page unreadable: " + e.getMessage() + ")", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return shown;
  }

  /** The closing lines, one per window, and the exit code. */
  private int report(Map<String, String> finals) {
    List<String> ids = new ArrayList<>(finals.keySet());
    boolean ok = CACHE_EXPECTED.equals(finals.get(ids.get(0))) && UPGRADE_EXPECTED.equals(finals.get(ids.get(1)));
    out.println();
    out.printf(Locale.ROOT, "Demo %s in %.1f s (expected %s %s, %s %s).%n", ok ? "succeeded" : "FAILED", seconds(),
        ids.get(0), CACHE_EXPECTED, ids.get(1), UPGRADE_EXPECTED);
    finals.forEach((id, state) -> out.println(id + " " + (state == null ? "UNKNOWN" : state)));
    out.flush();
    return ok ? 0 : 1;
  }

  private <T extends AutoCloseable> T keep(T resource) {
    synchronized (running) {
      running.add(0, resource);
    }
    return resource;
  }

  /** Last started, first stopped: WindowOps, then the mail catcher, Prometheus, the endpoint. */
  private void stopAll() {
    synchronized (running) {
      stopAllLocked();
    }
  }

  private void stopAllLocked() {
    for (AutoCloseable r : running) {
      try {
        r.close();
      } catch (Exception e) {
        out.println("  (could not stop " + r.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    running.clear();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook runs and finds nothing left to stop.
    }
  }

  private double seconds() {
    return (System.nanoTime() - began) / 1e9;
  }
}
