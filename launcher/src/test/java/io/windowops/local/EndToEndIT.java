package io.windowops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.cli.WindowOpsCommand;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    Run reviewed = windowops("review", id, "--format", "json");
    assertThat(reviewed.exit()).as(reviewed.err()).isZero();
    JsonObject fromTopics = new JsonObject(reviewed.out());
    assertThat(fromTopics.getJsonObject("notices")).isEqualTo(review.getJsonObject("notices"));
    assertThat(fromTopics.getJsonArray("steps")).isEqualTo(review.getJsonArray("steps"));
    assertCompletedAccount(new JsonObject(audit(id)), 2);
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
    assertThat(windowops("review", id).out()).contains("| Rollback result | rolled back after ABORTED; compensated in order: prepare |");
    assertRolledBackAccount(id);
  }

  @Test
  @DisplayName("the CLI submits a request file, approves and reschedules it, follows it to completion, and its audit shows every fact")
  void cliDrivesAWindowFromItsRequestFileToItsAudit() throws Exception {
    Instant began = Instant.now();
    String id = "MNT-E2E-CLI-" + UUID.randomUUID().toString().substring(0, 8);
    Instant start = Instant.now().plusSeconds(300).truncatedTo(ChronoUnit.SECONDS); // moved nearer below
    Path file = Files.createDirectories(home.resolve("requests")).resolve("window.yaml");
    String check = "    - {criterionId: notifier-live, kind: HTTP, url: '" + notifier + "/health/live', comparator: EQUAL,"
        + " threshold: 200, intervalSeconds: 1, count: 2}\n";
    Files.writeString(file, String.join("\n",
        "windowId: " + id,
        "title: Restart the resolver pool",
        "services: [resolver]",
        "environment: development",
        "maintenanceType: EMERGENCY",
        "requestedStart: " + start, // unquoted: YAML reads a timestamp, the CLI sends it as ISO-8601 text
        "requestedEnd: " + start.plus(45, ChronoUnit.MINUTES),
        "steps:",
        "  - {stepId: drain, action: noop, timeoutSeconds: 30}",
        "  - {stepId: restart, action: noop, timeoutSeconds: 30}",
        "preflightCriteria:",
        check + "successCriteria:",
        check));

    Run submitted = windowops("submit", file.toString(), "--token", "requester-dev-token");
    assertThat(submitted.exit()).as(submitted.err()).isZero();
    assertThat(submitted.out()).contains(id, "PENDING_APPROVAL", "EMERGENCY in development");
    Run again = windowops("submit", file.toString(), "--token", "requester-dev-token");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("Already requested");

    Run noRole = windowops("approve", id, "--token", "requester-dev-token");
    assertThat(noRole.exit()).as("the API refuses a token without the approver role").isEqualTo(1);
    assertThat(noRole.err()).contains("needs one of the roles");
    Run wrongRole = windowops("approve", id, "--token", "lead-dev-token");
    assertThat(wrongRole.exit()).as("the saga refuses an approval role the policy does not accept").isEqualTo(1);
    assertThat(wrongRole.err()).contains("REFUSED", "ROLE_NOT_ALLOWED");
    Run badToken = windowops("approve", id, "--token", "not-a-token-7f3a");
    assertThat(badToken.exit()).isEqualTo(1);
    assertThat(badToken.out() + badToken.err()).contains("bearer token").doesNotContain("not-a-token-7f3a");
    assertThat(windowops("approve", id, "--token", "incident-dev-token", "--comment", "resolver pool stuck").exit()).isZero();
    Instant sooner = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
    Run moved = windowops("reschedule", id, "--start", sooner.toString(), "--end", sooner.plus(45, ChronoUnit.MINUTES).toString(),
        "--reason", "the pool is failing now", "--token", "requester-dev-token");
    assertThat(moved.exit()).as(moved.err()).isZero();
    assertThat(moved.out()).as("the plan changed: approvals given before are void").contains("PENDING_APPROVAL", "approvals: none");
    assertThat(windowops("approve", id, "--token", "incident-dev-token").exit()).isZero();
    Run scheduled = windowops("approve", id, "--token", "manager-dev-token");
    assertThat(scheduled.exit()).as(scheduled.err()).isZero();
    assertThat(scheduled.out()).contains("SCHEDULED");

    CompletableFuture<Run> followed =
        CompletableFuture.supplyAsync(() -> windowops("status", id, "--follow", "--interval", "0.3", "--token", "auditor-dev-token"));
    Run follow = followed.get(120, TimeUnit.SECONDS);
    assertThat(follow.exit()).as(follow.out() + follow.err()).isZero();
    assertThat(follow.out()).contains("WindowOpened", "StepStarted stepId=drain", "StepSucceeded stepId=restart",
        "steps 2/2 done", "-> COMPLETED");

    assertThat(windowops("status", "--token", "auditor-dev-token").out()).contains(id, "COMPLETED");
    assertThat(new JsonObject(windowops("status", id, "--format", "json", "--token", "auditor-dev-token").out()).getString("status"))
        .isEqualTo("COMPLETED");
    assertThat(windowops("calendar", "--environment", "development", "--from", began.minusSeconds(3600).toString(),
        "--token", "auditor-dev-token").out()).contains(id);
    assertThat(windowops("status", "MNT-NEVER-" + id, "--token", "auditor-dev-token").exit()).isEqualTo(3);
    assertThat(windowops("status", id, "--url", "http://127.0.0.1:1", "--token", "auditor-dev-token").exit()).isEqualTo(4);
    assertThat(windowops("pause", id, "--token", "operator-dev-token").err())
        .as("a command that no longer applies is refused with the saga's reason").contains("REFUSED");

    JsonObject account = new JsonObject(audit(id));
    assertCompletedAccount(account, 2);
    JsonArray approvals = account.getJsonArray("approvals");
    assertThat(objects(approvals).filter(a -> "REFUSED".equals(a.getString("standing"))).toList())
        .singleElement()
        .satisfies(a -> assertThat(a.getString("approver")).isEqualTo("tess-lead"))
        .satisfies(a -> assertThat(a.getString("why")).contains("ROLE_NOT_ALLOWED"));
    assertThat(objects(approvals).filter(a -> "resolver pool stuck".equals(a.getString("comment"))).toList())
        .as("the approval given before the reschedule")
        .singleElement()
        .satisfies(a -> assertThat(a.getBoolean("voided")).isTrue())
        .satisfies(a -> assertThat(a.getString("approver")).isEqualTo("ivan-incident"));
    List<JsonObject> validations = objects(account.getJsonArray("validations")).toList();
    assertThat(validations).extracting(v -> v.getString("phase")).containsExactly("PREFLIGHT", "POST");
    assertThat(validations).allSatisfy(v -> {
      assertThat(v.getString("verdict")).isEqualTo("PASSED");
      assertThat(objects(v.getJsonArray("measurements")).toList())
          .extracting(m -> m.getString("criterionId") + "#" + m.getInteger("index") + "=" + m.getDouble("value") + " " + m.getString("verdict"))
          .containsExactly("notifier-live#1=200.0 PASSED", "notifier-live#2=200.0 PASSED");
    });
    assertThat(objects(account.getJsonArray("commands")).toList())
        .extracting(c -> c.getString("command") + " by " + c.getString("actor") + (c.getString("refusal") == null ? "" : " refused"))
        .containsExactly("reschedule by ana-requester", "pause by olga-operator refused");

    String text = windowops("audit", id).out();
    assertThat(text).contains("Final state: COMPLETED", "requested by ana-requester", "Policy decisions", "APPROVAL_NEEDED",
        "SCHEDULED", "REFUSED ApprovalGiven", "tess-lead as team-lead  REFUSED", "ivan-incident as incident-commander  COUNTED",
        "ivan-incident as incident-commander  VOIDED", "reschedule by ana-requester", "the pool is failing now",
        "STATUS_PAGE", "DELIVERED", "noop attempt 1  SUCCEEDED", "took", "pause by olga-operator",
        "Timeline");
    assertThat(text).containsPattern("notifier-live\\s+#2\\s+200\\.0\\s+PASSED");
    JsonObject summary = new JsonObject(windowops("audit", "--all", "--since", began.minusSeconds(60).toString(), "--format", "json").out());
    assertThat(summary.getJsonObject("byState").getInteger("COMPLETED")).isEqualTo(1);
    assertThat(summary.getJsonObject("approvals").getInteger("refused")).isEqualTo(1);
    assertThat(summary.getJsonObject("approvals").getInteger("voided")).isEqualTo(1);
    assertThat(windowops("audit", "--all", "--since", Instant.now().plusSeconds(3600).toString()).out()).contains(": 0");
    assertThat(windowops("audit", id, "--since", "yesterday").exit()).as("a bad time is a usage error").isEqualTo(2);
  }

  /** What the audit of a completed window shows: request, decisions, approvals, notices per channel, step attempts. */
  private void assertCompletedAccount(JsonObject account, int steps) {
    assertThat(account.getJsonObject("finalState").getString("status")).isEqualTo("COMPLETED");
    assertThat(account.getJsonObject("request").getString("requester")).isEqualTo("ana-requester");
    assertThat(objects(account.getJsonArray("decisions")).map(d -> d.getString("decision")).toList())
        .contains("APPROVAL_NEEDED", "SCHEDULED", "OPENED");
    assertThat(objects(account.getJsonArray("approvals")).filter(a -> "COUNTED".equals(a.getString("standing"))).toList())
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.getBoolean("voided")).isFalse())
        .allSatisfy(a -> assertThat(a.getString("at")).isNotNull());
    assertThat(objects(account.getJsonArray("notices")).flatMap(n -> objects(n.getJsonArray("deliveries"))).toList())
        .as("notices sent per channel")
        .anySatisfy(d -> {
          assertThat(d.getString("channel")).isEqualTo("STATUS_PAGE");
          assertThat(d.getString("outcome")).isEqualTo("DELIVERED");
          assertThat(d.getInteger("attempts")).isPositive();
        });
    assertThat(objects(account.getJsonArray("steps")).toList()).hasSize(steps).allSatisfy(step -> {
      JsonObject attempt = step.getJsonArray("attempts").getJsonObject(0);
      assertThat(attempt.getString("status")).isEqualTo("SUCCEEDED");
      assertThat(attempt.getInteger("attempt")).isEqualTo(1);
      assertThat(attempt.containsKey("exitCode")).isTrue();
      assertThat(attempt.getLong("durationMs")).isNotNegative();
    });
    assertThat(account.getJsonArray("rollbacks")).isEmpty();
  }

  /** What the audit of the aborted window shows: the abort, the cancelled soak, the compensation, the final state. */
  private void assertRolledBackAccount(String id) {
    JsonObject account = new JsonObject(audit(id));
    JsonObject end = account.getJsonObject("finalState");
    assertThat(end.getString("status")).isEqualTo("ROLLED_BACK");
    assertThat(end.getString("cause")).isEqualTo("ABORTED");
    assertThat(objects(account.getJsonArray("commands")).toList()).singleElement().satisfies(c -> {
      assertThat(c.getString("command")).isEqualTo("abort");
      assertThat(c.getString("actor")).isEqualTo("olga-operator");
      assertThat(c.getString("detail")).contains("resolver errors rising");
    });
    JsonObject rollback = account.getJsonArray("rollbacks").getJsonObject(0);
    assertThat(rollback.getString("cause")).isEqualTo("ABORTED");
    assertThat(rollback.getJsonArray("plan").getList()).containsExactly("prepare");
    assertThat(rollback.getJsonArray("compensated").getList()).containsExactly("prepare");
    assertThat(objects(account.getJsonArray("compensations")).toList()).singleElement().satisfies(c -> {
      assertThat(c.getString("stepId")).isEqualTo("prepare");
      assertThat(c.getString("status")).isEqualTo("SUCCEEDED");
      assertThat(c.getLong("durationMs")).isNotNegative();
    });
    JsonObject soak = objects(account.getJsonArray("steps")).filter(s -> "soak".equals(s.getString("stepId"))).findFirst().orElseThrow()
        .getJsonArray("attempts").getJsonObject(0);
    assertThat(soak.getString("status")).isIn("INTERRUPTED", "FAILED");
    assertThat(soak.getString("cancelReason")).contains("ABORTED");
    assertThat(soak.getString("error")).isNotBlank();
    assertThat(soak.getLong("durationMs")).isNotNegative();
    assertThat(objects(account.getJsonArray("approvals")).toList()).hasSize(2)
        .allSatisfy(a -> assertThat(a.getBoolean("voided")).isFalse());
    assertThat(objects(account.getJsonArray("notices")).map(n -> n.getString("kind")).toList()).contains("ROLLBACK");

    String text = windowops("audit", id).out();
    assertThat(text).contains("Final state: ROLLED_BACK", "cause ABORTED", "abort by olga-operator", "rollback started: ABORTED",
        "plan: compensate [prepare]", "compensation of prepare", "cancelled: ABORTED");
    JsonObject summary = new JsonObject(windowops("audit", "--all", "--since", Instant.now().minusSeconds(600).toString(),
        "--format", "json").out());
    assertThat(summary.getJsonObject("byState").getInteger("ROLLED_BACK")).isEqualTo(1);
    assertThat(summary.getJsonObject("failureReasons").getJsonObject("ROLLED_BACK: ABORTED").getJsonArray("windows").getList())
        .containsExactly(id);
    assertThat(windowops("audit", "--all", "--since", Instant.now().minusSeconds(600).toString()).out())
        .contains("ROLLED_BACK: ABORTED", id);
  }

  /** One run of the {@code windowops} command in this JVM. */
  private record Run(int exit, String out, String err) {}

  /** Runs {@code windowops ARGS} in this JVM: REST commands against this scheduler, the audit against this broker. */
  private Run windowops(String... args) {
    Map<String, String> endpoints =
        local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
    List<String> command = new java.util.ArrayList<>(List.of(args));
    if (!List.of("audit", "review").contains(args[0]) && !command.contains("--url")) {
      command.add("--url");
      command.add(scheduler);
    }
    synchronized (EndToEndIT.class) { // system properties are global; audit() sets them too
      System.setProperty("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka"));
      System.setProperty("SCHEMA_REGISTRY_URL", endpoints.get("schema-registry"));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      try {
        int exit = new CommandLine(new WindowOpsCommand()).setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(command.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
      } finally {
        System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
        System.clearProperty("SCHEMA_REGISTRY_URL");
      }
    }
  }

  private static java.util.stream.Stream<JsonObject> objects(JsonArray array) {
    return array.stream().map(o -> (JsonObject) o);
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
