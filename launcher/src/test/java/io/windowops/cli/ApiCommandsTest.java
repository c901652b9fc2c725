package io.windowops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The REST wrapper commands against a real HTTP server that answers in the scheduler API's shapes
 * (the end-to-end test drives the same commands against the real scheduler): what each command
 * sends, how it renders the answer, and which exit code each kind of answer gives.
 */
@DisplayName("windowops REST commands")
class ApiCommandsTest {

  private static final String TOKEN = "good-token-5d1e";
  private static Vertx vertx;
  private static HttpServer server;
  private static String url;
  private static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private static final AtomicInteger followPolls = new AtomicInteger();
  private static final AtomicInteger flakyPolls = new AtomicInteger();
  private static volatile boolean approvalRefused;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route().handler(ctx -> {
      if (!("Bearer " + TOKEN).equals(ctx.request().getHeader("Authorization"))) {
        error(ctx, 401, "a valid bearer token is required", new JsonArray());
      } else {
        ctx.next();
      }
    });
    router.post("/windows").handler(ctx -> {
      JsonObject body = ctx.body().asJsonObject();
      received.add(body);
      String id = body.getString("windowId");
      if (id.equals("MNT-BAD-1")) {
        error(ctx, 400, "the window request is invalid",
            new JsonArray().add(new JsonObject().put("field", "steps[0].action").put("problem", "must match [a-z0-9][a-z0-9._-]{0,62}")));
      } else if (id.equals("MNT-REJECT-1")) {
        JsonObject w = window(id, "REJECTED").put("timeline", new JsonArray().add(new JsonObject().put("sequence", 1)
            .put("event", "WindowRejected").put("detail", new JsonObject().put("violations", new JsonArray().add(new JsonObject()
                .put("field", "requestedStart").put("code", "FREEZE_PERIOD").put("message", "inside the year-end freeze"))).encode())));
        json(ctx, 422, w);
      } else {
        json(ctx, 201, window(id, "PENDING_APPROVAL"));
      }
    });
    router.get("/windows").handler(ctx -> {
      received.add(new JsonObject().put("query", ctx.request().query()));
      json(ctx, 200, new JsonObject().put("windows", new JsonArray().add(window("MNT-2026-0001", "SCHEDULED")).add(window("MNT-2026-0002", "COMPLETED"))));
    });
    router.get("/windows/MNT-FOLLOW-1").handler(ctx -> json(ctx, 200, followed(followPolls.getAndIncrement())));
    router.get("/windows/MNT-FLAKY-1").handler(ctx -> {
      if (flakyPolls.getAndIncrement() < 2) {
        error(ctx, 503, "the scheduler is starting", new JsonArray());
      } else {
        json(ctx, 200, window("MNT-FLAKY-1", "COMPLETED"));
      }
    });
    router.get("/windows/MNT-DOWN-1").handler(ctx -> error(ctx, 503, "the scheduler is starting", new JsonArray()));
    router.get("/windows/MNT-2026-0001").handler(ctx -> {
      JsonObject w = window("MNT-2026-0001", "PENDING_APPROVAL").put("timeline", new JsonArray().add(event(1, "ApprovalNeeded", new JsonObject())));
      if (approvalRefused) {
        w.getJsonArray("timeline").add(event(2, "CommandRejected", new JsonObject().put("command", "ApprovalGiven").put("violations",
            new JsonArray().add(new JsonObject().put("field", "approver").put("code", "SELF_APPROVAL").put("message", "ana requested it"))))
            .put("causationId", "e-1"));
      }
      json(ctx, 200, w);
    });
    router.post("/windows/MNT-2026-0001/approve").handler(ctx -> {
      received.add(ctx.body().asJsonObject());
      approvalRefused = true;
      json(ctx, 202, new JsonObject().put("windowId", "MNT-2026-0001").put("command", "ApprovalGiven").put("eventId", "e-1").put("actor", "ana"));
    });
    router.post("/windows/MNT-2026-0001/abort").handler(ctx -> {
      received.add(ctx.body().asJsonObject());
      json(ctx, 202, new JsonObject().put("windowId", "MNT-2026-0001").put("command", "AbortRequested").put("eventId", "e-2").put("actor", "olga"));
    });
    router.post("/windows/MNT-2026-0001/reschedule").handler(ctx -> {
      received.add(ctx.body().asJsonObject());
      json(ctx, 202, new JsonObject().put("windowId", "MNT-2026-0001").put("command", "RescheduleRequested").put("eventId", "e-3").put("actor", "ana"));
    });
    // An older refusal of the same command, and (for -0004) the new approval applied without a fact.
    router.get("/windows/MNT-2026-0003").handler(ctx -> json(ctx, 200, window("MNT-2026-0003", "PENDING_APPROVAL")
        .put("timeline", new JsonArray().add(event(1, "CommandRejected", new JsonObject().put("command", "ApprovalGiven")
            .put("violations", new JsonArray().add(new JsonObject().put("field", "role").put("code", "WRONG_ROLE").put("message", "old")))).put("causationId", "e-old")))));
    router.get("/windows/MNT-2026-0004").handler(ctx -> json(ctx, 200, window("MNT-2026-0004", "PENDING_APPROVAL")
        .put("appliedEventIds", new JsonArray().add("e-10"))));
    router.post("/windows/:id/approve").handler(ctx -> json(ctx, 202, new JsonObject().put("windowId", ctx.pathParam("id"))
        .put("command", "ApprovalGiven").put("eventId", ctx.pathParam("id").endsWith("3") ? "e-9" : "e-10").put("actor", "tess")));
    router.get("/windows/:id").handler(ctx -> error(ctx, 404, "no window " + ctx.pathParam("id"), new JsonArray()));
    router.get("/calendar").handler(ctx -> {
      received.add(new JsonObject().put("query", ctx.request().query()));
      json(ctx, 200, new JsonObject().put("from", "2026-12-01T00:00:00Z").put("to", "2026-12-31T00:00:00Z").put("environments", new JsonArray()
          .add(new JsonObject().put("environment", "production")
              .put("calendar", new JsonArray().add(new JsonObject().put("kind", "FREEZE").put("id", "year-end").put("description", "no changes")
                  .put("start", "2026-12-20T00:00:00Z").put("end", "2026-12-31T00:00:00Z").put("types", new JsonArray())))
              .put("windows", new JsonArray().add(window("MNT-2026-0001", "SCHEDULED"))))));
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    url = "http://127.0.0.1:" + server.actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("submit sends a YAML request as the API's JSON, timestamps as ISO-8601 text, and prints the decision")
  void submitYaml() throws Exception {
    Path file = Files.writeString(dir.resolve("w.yaml"), String.join("\n",
        "windowId: MNT-YAML-1",
        "title: Rotate certs",
        "services: [edge]",
        "requestedStart: 2026-12-01T02:00:00Z",
        "steps:",
        "  - {stepId: rotate, action: noop, timeoutSeconds: 30, params: {days: '7'}}"));
    Run run = run("submit", file.toString());
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("MNT-YAML-1  PENDING_APPROVAL");
    JsonObject sent = received.stream().filter(b -> "MNT-YAML-1".equals(b.getString("windowId"))).findFirst().orElseThrow();
    assertThat(sent.getString("requestedStart")).isEqualTo("2026-12-01T02:00:00Z");
    assertThat(sent.getJsonArray("steps").getJsonObject(0).getJsonObject("params").getString("days")).isEqualTo("7");
  }

  @Test
  @DisplayName("a request the API finds invalid exits 1 naming every field; a policy rejection exits 1 with its violations")
  void submitRefused() throws Exception {
    Run bad = run("submit", Files.writeString(dir.resolve("bad.json"), "{\"windowId\":\"MNT-BAD-1\"}").toString());
    assertThat(bad.exit).isEqualTo(ExitCodes.REFUSED);
    assertThat(bad.err).contains("the window request is invalid", "steps[0].action: must match");
    Run rejected = run("submit", Files.writeString(dir.resolve("rej.json"), "{\"windowId\":\"MNT-REJECT-1\"}").toString());
    assertThat(rejected.exit).isEqualTo(ExitCodes.REFUSED);
    assertThat(rejected.err).contains("REJECTED", "requestedStart: FREEZE_PERIOD — inside the year-end freeze");
  }

  @Test
  @DisplayName("an unreadable or malformed request file is a usage error")
  void submitBadFile() throws Exception {
    assertThat(run("submit", dir.resolve("missing.yaml").toString()).exit).isEqualTo(ExitCodes.USAGE);
    Run notYaml = run("submit", Files.writeString(dir.resolve("x.yaml"), "windowId: [unclosed").toString());
    assertThat(notYaml.exit).isEqualTo(ExitCodes.USAGE);
    assertThat(notYaml.err).contains("not valid YAML");
    assertThat(run("submit", Files.writeString(dir.resolve("list.yaml"), "- a\n- b").toString()).err).contains("one window request");
  }

  @Test
  @DisplayName("status lists windows with filters, shows one window, and maps 404, 503 and no server to 3, 4, 4")
  void status() {
    Run list = run("status", "--state", "scheduled", "--environment", "prod uction");
    assertThat(list.exit).isZero();
    assertThat(list.out).contains("WINDOW", "MNT-2026-0001", "SCHEDULED", "MNT-2026-0002", "COMPLETED");
    assertThat(received).anySatisfy(r -> assertThat(r.getString("query")).isEqualTo("state=scheduled&environment=prod+uction"));
    Run one = run("status", "MNT-2026-0001");
    assertThat(one.out).contains("MNT-2026-0001  PENDING_APPROVAL", "slot 2026-12-01T02:00:00Z", "steps 0/1 done: clean PENDING");
    assertThat(new JsonObject(run("status", "MNT-2026-0001", "--format", "json").out).getString("status")).isEqualTo("PENDING_APPROVAL");
    Run missing = run("status", "MNT-NONE-1");
    assertThat(missing.exit).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(missing.err).contains("no window MNT-NONE-1");
    assertThat(run("status", "MNT-DOWN-1").exit).isEqualTo(ExitCodes.UNREACHABLE);
    Run nobody = new Run(new CommandLine(new WindowOpsCommand()), "status", "--url", "http://127.0.0.1:1", "--token", TOKEN);
    assertThat(nobody.exit).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(nobody.err).contains("cannot reach the scheduler at http://127.0.0.1:1");
    assertThat(run("status", "../../freeze").exit).as("a path cannot be smuggled in as an id").isEqualTo(ExitCodes.USAGE);
    assertThat(run("status", "--follow").exit).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  @DisplayName("a wrong token exits 1 with the API's error and is never printed")
  void wrongToken() {
    Run run = new Run(new CommandLine(new WindowOpsCommand()), "status", "--url", url, "--token", "wrong-secret-91");
    assertThat(run.exit).isEqualTo(ExitCodes.REFUSED);
    assertThat(run.err).contains("a valid bearer token is required", "WINDOWOPS_TOKEN");
    assertThat(run.out + run.err).doesNotContain("wrong-secret-91");
  }

  @Test
  @DisplayName("status --follow prints each new fact and the steps' progress until the end; a rollback exits 5")
  void follow() {
    followPolls.set(0);
    Run run = run("status", "MNT-FOLLOW-1", "--follow", "--interval", "0.1");
    assertThat(run.exit).isEqualTo(ExitCodes.WINDOW_NOT_COMPLETED);
    assertThat(run.out).contains("MNT-FOLLOW-1  RUNNING", "StepStarted stepId=clean kind=STEP attempt=1",
        "StepFailed stepId=clean attempt=1 error=exit 3", "status RUNNING -> ROLLING_BACK", "status ROLLING_BACK -> ROLLED_BACK",
        "steps 0/1 done: clean FAILED (1 attempt)");
    assertThat(run.out.indexOf("StepStarted")).as("each fact once").isEqualTo(run.out.lastIndexOf("StepStarted"));
  }

  @Test
  @DisplayName("status --follow waits out a scheduler that is briefly unavailable, and gives up after --patience")
  void followThroughAnOutage() {
    Run run = run("status", "MNT-FLAKY-1", "--follow", "--interval", "0.1");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("MNT-FLAKY-1  COMPLETED");
    Run down = run("status", "MNT-DOWN-1", "--follow", "--interval", "0.1", "--patience", "0.5");
    assertThat(down.exit).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(down.err).contains("the scheduler is starting");
  }

  @Test
  @DisplayName("approve sends role and comment, then reports the scheduler's refusal with exit 1")
  void approveRefused() {
    approvalRefused = false;
    Run run = run("approve", "MNT-2026-0001", "--role", "team-lead", "--comment", "ok by me", "--wait", "5");
    assertThat(received).anySatisfy(b -> assertThat(b).isEqualTo(new JsonObject().put("role", "team-lead").put("comment", "ok by me")));
    assertThat(run.out).contains("ApprovalGiven for MNT-2026-0001 recorded by ana");
    assertThat(run.exit).isEqualTo(ExitCodes.REFUSED);
    assertThat(run.err).contains("REFUSED", "approver: SELF_APPROVAL — ana requested it");
  }

  @Test
  @DisplayName("abort needs a reason and sends it; without waiting it exits 0 once the API recorded it")
  void abort() {
    assertThat(run("abort", "MNT-2026-0001").exit).isEqualTo(ExitCodes.USAGE);
    Run run = run("abort", "MNT-2026-0001", "--reason", "errors rising", "--wait", "0");
    assertThat(run.exit).isZero();
    assertThat(run.out).contains("AbortRequested for MNT-2026-0001 recorded by olga (event e-2)");
    assertThat(received).anySatisfy(b -> assertThat(b).isEqualTo(new JsonObject().put("reason", "errors rising")));
  }

  @Test
  @DisplayName("reschedule sends the new slot as the API's fields")
  void reschedule() {
    Run run = run("reschedule", "MNT-2026-0001", "--start", "2026-12-02T02:00:00Z", "--duration", "45", "--next-allowed-slot",
        "--reason", "clash", "--wait", "0");
    assertThat(run.exit).as(run.err).isZero();
    assertThat(received).anySatisfy(b -> assertThat(b).isEqualTo(new JsonObject().put("reason", "clash")
        .put("requestedStart", "2026-12-02T02:00:00Z").put("durationMinutes", 45).put("useNextAllowedSlot", true)));
  }

  @Test
  @DisplayName("calendar passes the range and shows slots, freezes and windows per environment")
  void calendar() {
    Run run = run("calendar", "--from", "2026-12-01", "--to", "2026-12-31T00:00:00+01:00", "--environment", "production");
    assertThat(run.exit).isZero();
    assertThat(run.out).contains("production", "FREEZE", "year-end", "WINDOW", "MNT-2026-0001");
    assertThat(received).anySatisfy(r -> assertThat(r.getString("query"))
        .isEqualTo("from=2026-12-01T00%3A00%3A00Z&to=2026-12-30T23%3A00%3A00Z&environment=production"));
    assertThat(run("calendar", "--from", "tomorrow").exit).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  @DisplayName("every command answers --help with its exit codes")
  void help() {
    for (String command : List.of("submit", "status", "approve", "reschedule", "abort", "pause", "resume", "cancel", "calendar", "audit")) {
      Run run = new Run(new CommandLine(new WindowOpsCommand()), command, "--help");
      assertThat(run.exit).as(command).isZero();
      assertThat(run.out).as(command).contains("Usage: windowops " + command).containsIgnoringCase("exit codes");
    }
  }

  /** Runs a command against the test server with the good token. */
  private static Run run(String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = url;
    all[args.length + 2] = "--token";
    all[args.length + 3] = TOKEN;
    return new Run(new CommandLine(new WindowOpsCommand()), all);
  }

  private static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(CommandLine cli, String... args) {
      StringWriter o = new StringWriter();
      StringWriter e = new StringWriter();
      exit = cli.setCaseInsensitiveEnumValuesAllowed(true).setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
      out = o.toString();
      err = e.toString();
    }
  }

  /** A window as GET /windows/{id} shows it. */
  private static JsonObject window(String id, String status) {
    return new JsonObject()
        .put("windowId", id).put("status", status).put("title", "Clean the resolver cache").put("environment", "development")
        .put("services", new JsonArray().add("resolver")).put("maintenanceType", "ZERO_DOWNTIME").put("requester", "ana")
        .put("scheduledStart", "2026-12-01T02:00:00Z").put("scheduledEnd", "2026-12-01T02:30:00Z")
        .put("approvals", new JsonArray()).put("steps", new JsonObject().put("clean", new JsonObject().put("state", "PENDING").put("attempts", 0)))
        .put("deadlines", new JsonArray()).put("updatedAt", "2026-11-20T10:00:00Z").put("timeline", new JsonArray());
  }

  /** The followed window on its n-th poll: running, its step failing, rolling back, rolled back. */
  private static JsonObject followed(int poll) {
    JsonArray timeline = new JsonArray().add(event(1, "WindowOpened", new JsonObject()));
    JsonObject w = window("MNT-FOLLOW-1", "RUNNING");
    w.getJsonObject("steps").put("clean", new JsonObject().put("state", "RUNNING").put("attempts", 1));
    timeline.add(event(2, "StepStarted", new JsonObject().put("stepId", "clean").put("kind", "STEP").put("attempt", 1)));
    if (poll >= 2) {
      w.put("status", "ROLLING_BACK");
      w.getJsonObject("steps").put("clean", new JsonObject().put("state", "FAILED").put("attempts", 1));
      timeline.add(event(3, "StepFailed", new JsonObject().put("stepId", "clean").put("attempt", 1).put("error", "exit 3")));
      timeline.add(event(4, "RollbackStarted", new JsonObject().put("cause", "STEP_FAILED")));
    }
    if (poll >= 4) {
      w.put("status", "ROLLED_BACK").put("failureCause", "STEP_FAILED");
      timeline.add(event(5, "WindowRolledBack", new JsonObject().put("cause", "STEP_FAILED")));
    }
    return w.put("timeline", timeline);
  }

  @Test
  @DisplayName("a command waits for the decision on its own event: an older refusal is not its answer (exit 7 while undecided); applied without a fact is done")
  void waitsForItsOwnCommand() {
    Run pending = run("approve", "MNT-2026-0003", "--role", "team-lead", "--wait", "1");
    assertThat(pending.exit).as(pending.out + pending.err).isEqualTo(ExitCodes.PENDING);
    assertThat(pending.out).contains("has not decided yet");
    Run applied = run("approve", "MNT-2026-0004", "--role", "team-lead", "--wait", "5");
    assertThat(applied.exit).as(applied.out + applied.err).isEqualTo(ExitCodes.OK);
  }

  private static JsonObject event(long sequence, String name, JsonObject detail) {
    return new JsonObject().put("sequence", sequence).put("occurredAt", "2026-12-01T02:00:0" + sequence + "Z").put("event", name)
        .put("actor", "scheduler").put("detail", detail.encode());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void error(RoutingContext ctx, int status, String error, JsonArray details) {
    json(ctx, status, new JsonObject().put("error", error).put("details", details));
  }
}
