package io.windowops.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.cli.WindowOpsCommand;
import io.windowops.local.LocalMode;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real run of the whole system (a completed window whose health check is retried once, one
 * rejected for conflicting with it (its slot refused by the admission owner), and an aborted,
 * rolled-back one; mail over SMTP, a signed
 * webhook and an HTTP health check as side effects), then {@code windowops
 * replay} while the executor and the notifier still run: it finds no difference, and nobody sees
 * anything new. With {@code -Dwindowops.replay.record=FILE} the run is also exported into FILE:
 * that is how the committed fixture {@code replay/recorded-run.jsonl} is regenerated.
 */
@DisplayName("windowops replay on a live run")
class ReplayLiveRunIT {

  /** Where {@code -Dwindowops.replay.record} asks for the recording of the run. */
  static final String RECORD_PROPERTY = "windowops.replay.record";

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path home;
  private LocalMode local;
  private HttpServer web;
  private final AtomicInteger webRequests = new AtomicInteger();
  private Map<String, String> endpoints;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    // One real HTTP server for both the executor's health check and the notifier's webhook.
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    // The health check fails the first time: the step is retried after its backoff (a timer).
    AtomicInteger healthChecks = new AtomicInteger();
    web.createContext("/", exchange -> {
      webRequests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      boolean firstCheck = exchange.getRequestURI().getPath().equals("/health/ready") && healthChecks.incrementAndGet() == 1;
      byte[] ok = (firstCheck ? "starting" : "ok").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(firstCheck ? 503 : 200, ok.length);
      exchange.getResponseBody().write(ok);
      exchange.close();
    });
    web.start();
    Path secret = Files.writeString(home.resolve("webhook-secret"), "replay-test-secret");
    Path notifierPolicy =
        Files.writeString(
            home.resolve("notifier.yaml"),
            """
            smtp: {host: 127.0.0.1, port: %d, startTls: disabled}
            targets:
              team-email: {type: email, from: maintenance@example.com, to: [team@example.com]}
              hook: {type: webhook, url: "http://127.0.0.1:%d/hook", secret: "file:%s"}
            routes:
              - when: {environments: [development]}
                targets: [team-email, hook]
            """
                .formatted(smtp.getSmtp().getPort(), web.getAddress().getPort(), secret));
    Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
    WindowOpsConfig config =
        WindowOpsConfig.of(
            Map.of(
                "WINDOWOPS_POLICY_FILE", examples.resolve("policies.yaml").toString(),
                "WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString(),
                "WINDOWOPS_EXECUTOR_CATALOG", examples.resolve("catalog.yaml").toString(),
                "NOTIFIER_POLICY", notifierPolicy.toString(),
                "WINDOWOPS_INSTANCE_ID", "replay-" + UUID.randomUUID()));
    local = LocalMode.start(home.resolve("local"), LocalMode.Ports.from(0, 0), config);
    endpoints = local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
  }

  @AfterEach
  void stop() {
    if (local != null) {
      local.close();
    }
    if (web != null) {
      web.stop(0);
    }
  }

  @Test
  @DisplayName("finds no difference, and the executor, SMTP, HTTP servers and topics see nothing new")
  void replayOfALiveRunIsCleanAndCausesNothing() throws Exception {
    String completed = "MNT-REPLAY-DONE-" + UUID.randomUUID().toString().substring(0, 6);
    String rolledBack = "MNT-REPLAY-ABORT-" + UUID.randomUUID().toString().substring(0, 6);
    requestApprovedEmergency(
        completed,
        "resolver",
        "Check the resolver, then flush its cache",
        new JsonArray()
            .add(new JsonObject().put("stepId", "check").put("action", "check-health")
                .put("params", new JsonObject().put("port", Integer.toString(web.getAddress().getPort())))
                .put("timeoutSeconds", 30).put("maxRetries", 2).put("retryBackoffSeconds", 1))
            .add(new JsonObject().put("stepId", "flush").put("action", "noop").put("timeoutSeconds", 30)));
    // A third window on the completed one's service and time: the admission owner refuses its
    // slot (SlotRefused), which a replay reproduces by deciding the recorded claims again against
    // the reservation table they built.
    await("the first window is scheduled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> List.of("SCHEDULED", "OPEN", "RUNNING").contains(window(completed).getString("status")));
    String conflicting = "MNT-REPLAY-CONFLICT-" + UUID.randomUUID().toString().substring(0, 6);
    HttpResponse<String> asked = post("/windows", "requester-dev-token", emergency(conflicting, "resolver", "Overlap", new JsonArray()
        .add(new JsonObject().put("stepId", "only").put("action", "noop").put("timeoutSeconds", 30))).encode());
    assertThat(asked.statusCode()).as(asked.body()).isIn(201, 202, 422);
    assertThat(awaitTerminal(conflicting)).isEqualTo("REJECTED");
    assertThat(window(conflicting).getString("failureDetail")).contains(completed);
    requestApprovedEmergency(
        rolledBack,
        "cache",
        "Upgrade the resolver, then soak",
        new JsonArray()
            .add(new JsonObject().put("stepId", "prepare").put("action", "noop").put("timeoutSeconds", 30)
                .put("compensation", new JsonObject().put("action", "noop")))
            .add(new JsonObject().put("stepId", "soak").put("action", "soak")
                .put("params", new JsonObject().put("duration", "PT10M")).put("timeoutSeconds", 900)));
    await("the soak runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> "RUNNING".equals(window(rolledBack).getJsonObject("steps").getJsonObject("soak").getString("state")));
    assertThat(post("/windows/" + rolledBack + "/abort", "operator-dev-token", "{\"reason\":\"resolver errors\"}").statusCode())
        .isEqualTo(202);
    assertThat(awaitTerminal(completed)).isEqualTo("COMPLETED");
    assertThat(window(completed).getJsonObject("steps").getJsonObject("check").getInteger("attempts")).isEqualTo(2);
    assertThat(awaitTerminal(rolledBack)).isEqualTo("ROLLED_BACK");

    // Every notice delivered, every ledger written: the system has come to rest.
    Observed[] last = {observe()};
    await("the system comes to rest").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
        .until(() -> {
          Observed now = observe();
          boolean rest = now.equals(last[0]);
          last[0] = now;
          return rest;
        });
    Observed before = last[0];
    assertThat(before.mails()).as("mail was really sent in this run").isPositive();
    assertThat(before.webRequests()).as("the health check and the webhook really ran").isPositive();
    assertThat(before.ends().get(Topics.EXECUTIONS.name())).as("the executor ledger has entries").isPositive();

    JsonObject report = new JsonObject(run(0, "replay", "--format", "json"));
    assertThat(report.getInteger("differences")).as(report.encodePrettily()).isZero();
    // Ours, and the recurring windows the scheduler requested ahead by itself.
    assertThat(report.getInteger("windowsReplayed")).as(report.encodePrettily()).isGreaterThanOrEqualTo(3);
    assertThat(report.getJsonObject("incomplete")).isEmpty();
    assertThat(report.getInteger("outputsCompared")).isGreaterThan(report.getInteger("inputs"));

    await("nothing new anywhere").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> observe().equals(before));

    String recordTo = System.getProperty(RECORD_PROPERTY, "");
    if (!recordTo.isBlank()) {
      run(0, "replay", "export", Paths.get(recordTo).toAbsolutePath().toString());
    }
  }

  /** What the outside world and the topics have seen so far. */
  private record Observed(int mails, int webRequests, Map<String, Long> ends, Map<TopicPartition, Long> committed, List<String> groups) {}

  private Observed observe() throws Exception {
    WindowOpsConfig config = WindowOpsConfig.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka")));
    Map<String, Long> ends = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(KafkaClientSettings.consumer(config, null, "replay-it-observer"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (Topic<?> topic : Topics.withDlqs()) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        ends.put(topic.name(), consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
      }
    }
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "replay-it-admin"))) {
      Map<TopicPartition, Long> committed = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
      admin.listConsumerGroupOffsets("windowops-scheduler").partitionsToOffsetAndMetadata().get()
          .forEach((tp, o) -> committed.put(tp, o.offset()));
      List<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId).sorted().toList();
      return new Observed(smtp.getReceivedMessages().length, webRequests.get(), ends, committed, groups);
    }
  }

  /** Runs {@code windowops ARGS} in this JVM against the local system; returns its output. */
  private String run(int expectedExit, String... args) {
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka"));
    System.setProperty("SCHEMA_REGISTRY_URL", endpoints.get("schema-registry"));
    System.setProperty("WINDOWOPS_POLICY_FILE", Paths.get("..", "examples", "policies.yaml").toAbsolutePath().toString());
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new WindowOpsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      assertThat(exit).as("%s%n%s", out, err).isEqualTo(expectedExit);
      return out.toString();
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
      System.clearProperty("SCHEMA_REGISTRY_URL");
      System.clearProperty("WINDOWOPS_POLICY_FILE");
    }
  }

  /** An emergency in development starting in 6 s, approved by the two roles the policy demands. */
  private void requestApprovedEmergency(String id, String service, String title, JsonArray steps) throws Exception {
    HttpResponse<String> created = post("/windows", "requester-dev-token", emergency(id, service, title, steps).encode());
    assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
    // Approvals count once the admission owner granted the slot (before, the window is REQUESTED).
    await("window " + id + " waits for approval").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> "PENDING_APPROVAL".equals(window(id).getString("status")));
    assertThat(post("/windows/" + id + "/approve", "incident-dev-token", "{}").statusCode()).isEqualTo(202);
    assertThat(post("/windows/" + id + "/approve", "manager-dev-token", "{}").statusCode()).isEqualTo(202);
  }

  private static JsonObject emergency(String id, String service, String title, JsonArray steps) {
    Instant start = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    return new JsonObject()
        .put("windowId", id)
        .put("title", title)
        .put("services", new JsonArray().add(service))
        .put("environment", "development")
        .put("maintenanceType", "EMERGENCY")
        .put("requestedStart", start.toString())
        .put("requestedEnd", start.plus(45, ChronoUnit.MINUTES).toString())
        .put("steps", steps);
  }

  private JsonObject window(String id) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(endpoints.get("scheduler") + "/windows/" + id))
            .header("Authorization", "Bearer auditor-dev-token").timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject().put("steps", new JsonObject().put("soak", new JsonObject()));
  }

  private String awaitTerminal(String id) {
    List<String> terminal = List.of("COMPLETED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "CANCELLED", "MISSED", "REJECTED");
    String[] status = new String[1];
    await("window " + id + " ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> terminal.contains(status[0] = window(id).getString("status")));
    return status[0];
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(endpoints.get("scheduler") + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
