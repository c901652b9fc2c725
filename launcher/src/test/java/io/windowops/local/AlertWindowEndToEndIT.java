package io.windowops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.cli.WindowOpsCommand;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole system in one JVM on the real (embedded) broker: Alertmanager's webhook reports a
 * digest failure, the runbook's emergency window opens at once, the diagnosis step captures
 * evidence from a really corrupted cache directory, an operator says go at the gate, the cache is
 * quarantined by the example catalog's script, and the runbook's verification (an http criterion
 * against a real HTTP server in this test) passes, so the window completes.
 */
@DisplayName("An alert-triggered emergency window end to end")
class AlertWindowEndToEndIT {

  @TempDir Path home;
  @TempDir Path work;
  private LocalMode local;
  private HttpServer health;
  private final AtomicInteger healthChecks = new AtomicInteger();
  private String scheduler;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext("/status", exchange -> {
      healthChecks.incrementAndGet();
      byte[] body = "{\"resolutionSuccessRate\": 0.997, \"digestFailures\": 0}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    health.start();

    Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
    Path policy = work.resolve("policy.yaml");
    Files.writeString(policy, policy(work, health.getAddress().getPort()));
    WindowOpsConfig config =
        WindowOpsConfig.of(
            Map.of(
                "WINDOWOPS_POLICY_FILE", policy.toString(),
                "WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString(),
                "WINDOWOPS_EXECUTOR_CATALOG", examples.resolve("catalog.yaml").toString(),
                "WINDOWOPS_INSTANCE_ID", "alert-e2e-" + UUID.randomUUID()));
    local = LocalMode.start(home, LocalMode.Ports.from(0, 0), config);
    scheduler = endpoints().get("scheduler");
  }

  @AfterEach
  void stop() {
    if (local != null) {
      local.close();
    }
    if (health != null) {
      health.stop(0);
    }
  }

  /** A development runbook for the digest alert, over this test's cache directory and server. */
  private static String policy(Path work, int healthPort) {
    Path cache = work.resolve("cache");
    return """
        version: 1
        environments:
          development: {zone: UTC, anyTime: true}
        types:
          emergency:
            bypassSlots: true
            notices: {immediate: true, atStart: true, atCompletion: true}
            approvals: {roles: [incident-commander, engineering-manager], count: 2}
        alerts:
          escalation:
            P0:
              - {after: 0m, notify: on-call}
              - {after: 30m, notify: team-lead}
          runbooks:
            OneiricDigestVerificationFailed:
              title: Oneiric cache corruption
              severity: P0
              respondWithin: 5m
              environment: development
              services: [oneiric]
              duration: 30m
              steps:
                - {id: verify-digests, action: verify-digests, params: {dir: %1$s}, timeout: 1m}
                - {id: go-quarantine, action: approval, params: {roles: "incident-commander,operator"}, timeout: 10m}
                - id: quarantine-cache
                  action: quarantine-dir
                  params: {dir: %1$s, quarantine: %2$s}
                  timeout: 1m
                  compensation: {action: restore-dir, params: {dir: %1$s}}
              verification:
                - id: resolution-success-rate
                  kind: http
                  url: http://127.0.0.1:%3$d/status
                  comparator: greater-than
                  threshold: 0.99
                  every: 1s
                  count: 2
                  params: {jsonPath: resolutionSuccessRate}
        """.formatted(cache, work.resolve("quarantine").resolve("cache"), healthPort);
  }

  @Test
  @DisplayName("a firing alert opens the window, the gate is approved, the runbook runs and its verification passes")
  void alertToVerifiedResolution() throws Exception {
    Path cache = Files.createDirectories(work.resolve("cache"));
    Files.writeString(cache.resolve("artifact-a"), "good");
    Files.writeString(cache.resolve("artifact-b"), "good");
    Files.writeString(cache.resolve("SHA256SUMS"),
        sha256("good") + "  artifact-a\n" + sha256("good") + "  artifact-b\n");
    Files.writeString(cache.resolve("artifact-b"), "tampered");

    String fingerprint = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Instant startsAt = Instant.now().minusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
    String id = "ALERT-" + fingerprint + "-" + startsAt.getEpochSecond();

    HttpResponse<String> fired = webhook("firing", fingerprint, startsAt);
    assertThat(fired.statusCode()).as(fired.body()).isEqualTo(200);
    assertThat(webhook("firing", fingerprint, startsAt).statusCode()).as("Alertmanager repeats the group").isEqualTo(200);

    JsonObject atGate = awaitWindow(id, w -> "WAITING_APPROVAL".equals(stepState(w, "go-quarantine")));
    assertThat(stepState(atGate, "verify-digests")).isEqualTo("SUCCEEDED");
    assertThat(Files.exists(cache.resolve("artifact-b"))).as("nothing destructive before the go").isTrue();

    HttpResponse<String> go = post("/windows/" + id + "/steps/go-quarantine/go", "operator-dev-token",
        "{\"comment\":\"digest mismatch confirmed, quarantine\"}");
    assertThat(go.statusCode()).as(go.body()).isEqualTo(202);
    assertThat(webhook("resolved", fingerprint, startsAt).statusCode()).isEqualTo(200);

    JsonObject done = awaitWindow(id, w -> List.of("COMPLETED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "MISSED")
        .contains(w.getString("status")));
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("COMPLETED");
    assertThat(Files.list(cache).count()).as("the cache was emptied").isZero();
    assertThat(work.resolve("quarantine").resolve("cache").resolve("artifact-b")).content().isEqualTo("tampered");
    assertThat(healthChecks.get()).as("the verification measured the real server").isGreaterThanOrEqualTo(2);

    List<String> events = done.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("event")).toList();
    // The on-call is paged as the alert opens the window, before its slot is granted.
    assertThat(events).containsSubsequence("IncidentEscalated", "WindowScheduled", "WindowOpened", "ApprovalNeeded",
        "GateDecided", "ValidationFinished", "WindowCompleted");
    assertThat(events).contains("AlertResolutionRecorded");
    assertThat(events.stream().filter("WindowScheduled"::equals).count()).as("one window for the repeated alert").isEqualTo(1);

    // The post-maintenance review doubles as the post-incident review.
    HttpResponse<String> reviewed = http.send(HttpRequest.newBuilder(URI.create(scheduler + "/windows/" + id + "/review"))
        .header("Authorization", "Bearer auditor-dev-token").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
    JsonObject review = new JsonObject(reviewed.body());
    assertThat(review.getJsonObject("checks").getInteger("passed")).as("the verification's measurements").isGreaterThanOrEqualTo(2);
    JsonObject incident = review.getJsonObject("incident");
    assertThat(incident.getString("severity")).isEqualTo("P0");
    assertThat(incident.getString("alertResolvedAt")).isNotNull();
    assertThat(incident.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("kind")).toList())
        .containsExactly("ESCALATION", "GO");

    // The audit holds the evidence the diagnosis captured and who said go.
    JsonArray audit = new JsonObject(audit(id)).getJsonArray("timeline");
    String evidence = audit.stream().map(e -> (JsonObject) e)
        .filter(e -> "StepOutcome".equals(e.getString("event")) && e.getString("payload").contains("verify-digests"))
        .map(e -> e.getString("payload")).collect(Collectors.joining("\n"));
    assertThat(evidence).contains("1 digest mismatches").contains("artifact-b: FAILED");
    assertThat(audit.stream().map(e -> (JsonObject) e).filter(e -> "GateDecided".equals(e.getString("event"))).toList())
        .singleElement().satisfies(e -> assertThat(e.getString("payload")).contains("olga-operator").contains("digest mismatch confirmed"));
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("actor")).toList()).contains("alertmanager", "olga-operator");
  }

  private HttpResponse<String> webhook(String status, String fingerprint, Instant startsAt) throws Exception {
    JsonObject alert = new JsonObject()
        .put("status", status)
        .put("labels", new JsonObject().put("alertname", "OneiricDigestVerificationFailed").put("service", "oneiric"))
        .put("annotations", new JsonObject().put("summary", "digest verification failed"))
        .put("startsAt", startsAt.toString())
        .put("endsAt", status.equals("resolved") ? Instant.now().toString() : "0001-01-01T00:00:00Z")
        .put("fingerprint", fingerprint);
    JsonObject payload = new JsonObject().put("version", "4").put("status", status).put("receiver", "windowops-scheduler")
        .put("alerts", new JsonArray().add(alert));
    return post("/alerts/alertmanager", "alertmanager-dev-token", payload.encode());
  }

  private JsonObject awaitWindow(String id, Predicate<JsonObject> condition) {
    JsonObject[] last = new JsonObject[1];
    await("window " + id).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(scheduler + "/windows/" + id))
              .header("Authorization", "Bearer auditor-dev-token").build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            return false;
          }
          last[0] = new JsonObject(r.body());
          return condition.test(last[0]);
        });
    return last[0];
  }

  private static String stepState(JsonObject window, String stepId) {
    return window.getJsonObject("steps").getJsonObject(stepId).getString("state");
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(scheduler + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, String> endpoints() {
    return local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
  }

  /** Runs {@code windowops audit ID --format json} in this JVM against the local broker. */
  private String audit(String id) {
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", endpoints().get("kafka"));
    System.setProperty("SCHEMA_REGISTRY_URL", endpoints().get("schema-registry"));
    try {
      StringWriter out = new StringWriter();
      int exit = new CommandLine(new WindowOpsCommand()).setOut(new PrintWriter(out)).execute("audit", id, "--format", "json");
      assertThat(exit).as(out.toString()).isZero();
      return out.toString();
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
      System.clearProperty("SCHEMA_REGISTRY_URL");
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
