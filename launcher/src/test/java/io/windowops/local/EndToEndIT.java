package io.windowops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.cli.WindowOpsCommand;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system in one JVM, as {@code windowops up} runs it: a window requested over REST is
 * approved, announced (the notice gate waits for the notifier's delivery), opened at its start,
 * its steps run by the executor from the example catalog, and it completes.
 */
@DisplayName("WindowOps end to end")
class EndToEndIT {

  @TempDir Path home;
  private LocalMode local;
  private String scheduler;
  private String notifier;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
    WindowOpsConfig config =
        WindowOpsConfig.of(
            Map.of(
                "WINDOWOPS_POLICY_FILE", examples.resolve("policies.yaml").toString(),
                "WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString(),
                "WINDOWOPS_EXECUTOR_CATALOG", examples.resolve("catalog.yaml").toString(),
                "WINDOWOPS_INSTANCE_ID", "e2e-" + UUID.randomUUID()));
    local = LocalMode.start(home, LocalMode.Ports.from(0, 0), config);
    Map<String, String> endpoints =
        local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
    scheduler = endpoints.get("scheduler");
    notifier = endpoints.get("notifier");
  }

  @AfterEach
  void stop() {
    if (local != null) {
      local.close();
    }
  }

  @Test
  @DisplayName("runs an approved emergency window's steps and completes it")
  void emergencyWindowCompletes() throws Exception {
    String id = "MNT-E2E-" + UUID.randomUUID().toString().substring(0, 8);
    requestApprovedEmergency(
        id,
        "Clear a poisoned cache",
        new JsonArray()
            .add(new JsonObject().put("stepId", "first").put("action", "noop").put("timeoutSeconds", 30))
            .add(new JsonObject().put("stepId", "second").put("action", "noop").put("timeoutSeconds", 30)));

    JsonObject done = awaitTerminal(id);
    List<String> events =
        done.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("event")).toList();
    assertThat(done.getString("status")).as("window: %s", done.encodePrettily()).isEqualTo("COMPLETED");
    assertThat(events).contains("WindowScheduled", "WindowOpened", "WindowCompleted");
    assertThat(events.stream().filter("StepSucceeded"::equals).count()).isEqualTo(2);
    assertThat(done.getJsonObject("steps").getJsonObject("first").getInteger("attempts")).isEqualTo(1);

    HttpResponse<String> status = get(notifier + "/api/status", null);
    assertThat(status.body()).contains(id);

    // The audit rebuilds the whole story from the topics alone.
    JsonArray audit = new JsonObject(audit(id)).getJsonArray("timeline");
    List<String> audited = audit.stream().map(e -> ((JsonObject) e).getString("event")).toList();
    assertThat(audited)
        .contains("MaintenanceRequested", "ApprovalGiven", "WindowScheduled", "NoticeDue", "NotificationDelivered")
        .contains("WindowOpened", "RunStep", "StepOutcome", "WindowCompleted");
    assertThat(audited.stream().filter("ApprovalGiven"::equals).count()).isEqualTo(2);
    assertThat(audited.stream().filter("RunStep"::equals).count()).as("one RunStep per step").isEqualTo(2);
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("actor")).toList())
        .contains("ana-requester", "ivan-incident", "emma-manager");
    assertThat(audited.indexOf("MaintenanceRequested")).isLessThan(audited.indexOf("WindowCompleted"));

    // The post-maintenance review, once every notice (the completion notice too) is delivered.
    JsonObject review = awaitReview(id, r -> r.getJsonObject("notices").getInteger("notDelivered") == 0);
    assertThat(review.getString("finalState")).isEqualTo("COMPLETED");
    assertThat(review.getJsonObject("notices").getInteger("onTimePercent")).as(review.encodePrettily()).isEqualTo(100);
    assertThat(review.getJsonObject("duration").getDouble("plannedMinutes")).isEqualTo(45.0);
    assertThat(review.getJsonObject("duration").getDouble("actualMinutes")).isLessThan(5.0);
    assertThat(review.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("stepId") + " " + ((JsonObject) s).getString("status")))
        .containsExactly("first SUCCEEDED", "second SUCCEEDED");
    assertThat(review.getJsonArray("failures")).isEmpty();
    assertThat(review.getJsonObject("rollback").getString("result")).isEqualTo("NOT_NEEDED");
    JsonObject fromTopics = new JsonObject(cli("review", id, "--format", "json"));
    assertThat(fromTopics.getJsonObject("notices")).isEqualTo(review.getJsonObject("notices"));
    assertThat(fromTopics.getJsonArray("steps")).isEqualTo(review.getJsonArray("steps"));
  }

  /** Waits until the window's review (GET /windows/{id}/review) satisfies {@code ready}. */
  private JsonObject awaitReview(String id, java.util.function.Predicate<JsonObject> ready) {
    JsonObject[] last = new JsonObject[1];
    await("the review of " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> {
          HttpResponse<String> r = get(scheduler + "/windows/" + id + "/review", "auditor-dev-token");
          last[0] = r.statusCode() == 200 ? new JsonObject(r.body()) : null;
          return last[0] != null && ready.test(last[0]);
        });
    return last[0];
  }

  /** Runs a {@code windowops} command in this JVM against the local broker; returns its output. */
  private String cli(String... args) {
    Map<String, String> endpoints =
        local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka"));
    System.setProperty("SCHEMA_REGISTRY_URL", endpoints.get("schema-registry"));
    try {
      StringWriter out = new StringWriter();
      int exit = new CommandLine(new WindowOpsCommand()).setOut(new PrintWriter(out)).execute(args);
      assertThat(exit).as(out.toString()).isZero();
      return out.toString();
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
      System.clearProperty("SCHEMA_REGISTRY_URL");
    }
  }

  /** Runs {@code windowops audit ID --format json} in this JVM against the local broker. */
  private String audit(String id) {
    Map<String, String> endpoints =
        local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka"));
    System.setProperty("SCHEMA_REGISTRY_URL", endpoints.get("schema-registry"));
    try {
      StringWriter out = new StringWriter();
      int exit =
          new CommandLine(new WindowOpsCommand())
              .setOut(new PrintWriter(out))
              .execute("audit", id, "--format", "json");
      assertThat(exit).as(out.toString()).isZero();
      assertThat(new CommandLine(new WindowOpsCommand()).execute("audit", "MNT-NEVER-" + id)).isEqualTo(3);
      return out.toString();
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
      System.clearProperty("SCHEMA_REGISTRY_URL");
    }
  }

  @Test
  @DisplayName("an operator's abort cancels a running soak and rolls the window back in reverse order")
  void abortCancelsTheRunningStepAndRollsBack() throws Exception {
    String id = "MNT-E2E-ABORT-" + UUID.randomUUID().toString().substring(0, 8);
    requestApprovedEmergency(
        id,
        "Upgrade the resolver, then soak",
        new JsonArray()
            .add(
                new JsonObject()
                    .put("stepId", "prepare")
                    .put("action", "noop")
                    .put("timeoutSeconds", 30)
                    .put("compensation", new JsonObject().put("action", "noop")))
            .add(
                new JsonObject()
                    .put("stepId", "soak")
                    .put("action", "soak")
                    .put("params", new JsonObject().put("duration", "PT10M"))
                    .put("timeoutSeconds", 900)));
    await("the soak runs").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> {
          HttpResponse<String> r = get(scheduler + "/windows/" + id, "auditor-dev-token");
          return r.statusCode() == 200
              && "RUNNING".equals(new JsonObject(r.body()).getJsonObject("steps").getJsonObject("soak").getString("state"));
        });

    HttpResponse<String> early = get(scheduler + "/windows/" + id + "/review", "auditor-dev-token");
    assertThat(early.statusCode()).as("no review while the window runs: %s", early.body()).isEqualTo(409);

    long aborted = System.nanoTime();
    HttpResponse<String> abort = post("/windows/" + id + "/abort", "operator-dev-token", "{\"reason\":\"resolver errors rising\"}");
    assertThat(abort.statusCode()).as(abort.body()).isEqualTo(202);
    JsonObject done = awaitTerminal(id);
    Duration took = Duration.ofNanos(System.nanoTime() - aborted);

    List<String> events = done.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("event")).toList();
    assertThat(done.getString("status")).as("window: %s", done.encodePrettily()).isEqualTo("ROLLED_BACK");
    assertThat(done.getString("failureCause")).isEqualTo("ABORTED");
    assertThat(events).contains("RollbackStarted", "WindowRolledBack");
    assertThat(done.getJsonObject("steps").getJsonObject("prepare").getString("state")).isEqualTo("COMPENSATED");
    assertThat(took).as("the 10-minute soak was cancelled, not waited for").isLessThan(Duration.ofMinutes(1));

    JsonObject review = awaitReview(id, r -> true);
    assertThat(review.getString("finalState")).isEqualTo("ROLLED_BACK");
    assertThat(review.getJsonObject("rollback").getString("result")).isEqualTo("ROLLED_BACK");
    assertThat(review.getJsonObject("rollback").getString("cause")).isEqualTo("ABORTED");
    assertThat(review.getJsonObject("rollback").getJsonArray("compensatedSteps")).containsExactly("prepare");
    assertThat(review.getJsonArray("failures").stream().map(Object::toString)).anyMatch(f -> f.startsWith("rollback started (ABORTED)"));
    assertThat(review.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("kind") + " " + ((JsonObject) s).getString("stepId")))
        .contains("STEP prepare", "STEP soak", "COMPENSATION prepare");
    HttpResponse<String> markdown = get(scheduler + "/windows/" + id + "/review?format=markdown", "auditor-dev-token");
    assertThat(markdown.body()).contains("# Post-maintenance review: " + id).contains("| Rollback result | rolled back after ABORTED; compensated in order: prepare |");
    assertThat(cli("review", id)).contains("| Rollback result | rolled back after ABORTED; compensated in order: prepare |");
  }

  /**
   * Requests an emergency window starting in 6 s in development (an emergency needs no lead
   * time) and has it approved by the two roles the example policy demands.
   */
  private void requestApprovedEmergency(String id, String title, JsonArray steps) throws Exception {
    Instant start = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    JsonObject request =
        new JsonObject()
            .put("windowId", id)
            .put("title", title)
            .put("services", new JsonArray().add("resolver"))
            .put("environment", "development")
            .put("maintenanceType", "EMERGENCY")
            .put("requestedStart", start.toString())
            .put("requestedEnd", start.plus(45, ChronoUnit.MINUTES).toString())
            .put("steps", steps);
    HttpResponse<String> created = post("/windows", "requester-dev-token", request.encode());
    assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
    assertThat(post("/windows/" + id + "/approve", "incident-dev-token", "{}").statusCode()).isEqualTo(202);
    assertThat(post("/windows/" + id + "/approve", "manager-dev-token", "{}").statusCode()).isEqualTo(202);
  }

  private JsonObject awaitTerminal(String id) {
    JsonObject[] last = new JsonObject[1];
    await("window " + id + " ends").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r = get(scheduler + "/windows/" + id, "auditor-dev-token");
              if (r.statusCode() != 200) {
                return false;
              }
              last[0] = new JsonObject(r.body());
              return List.of("COMPLETED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "CANCELLED", "MISSED", "REJECTED")
                  .contains(last[0].getString("status"));
            });
    return last[0];
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

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
