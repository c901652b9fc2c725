package io.windowops.scheduler.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.windowops.events.AbortRequested;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.CancelRequested;
import io.windowops.events.EventMetadata;
import io.windowops.events.FreezeAll;
import io.windowops.events.NoGoGiven;
import io.windowops.events.Unfreeze;
import io.windowops.events.PauseRequested;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.ResumeRequested;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.api.ApiTokens.Principal;
import io.windowops.scheduler.policy.CalendarEntry;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.review.PostMaintenanceReview;
import io.windowops.scheduler.review.ReviewBuilder;
import io.windowops.scheduler.review.ReviewJson;
import io.windowops.scheduler.review.ReviewText;
import io.windowops.scheduler.runtime.SchedulerRuntime;
import io.windowops.scheduler.runtime.WindowReadModel;
import io.windowops.schemas.FreezeKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The scheduler's REST API (described in {@code /openapi.yaml}). Every call needs a bearer token;
 * every state change is a request written to {@code windowops.requests.v1}, the same path a
 * deploy pipeline's events take, with the caller recorded as the event's actor. The saga decides;
 * the API reports what it decided (or 202 when it has not decided yet).
 */
public final class WindowsApi {

  private static final Duration DECISION_WAIT = Duration.ofSeconds(5);
  private static final String PRINCIPAL = "windowops.principal";

  private final Vertx vertx;
  private final ApiTokens tokens;
  private final Supplier<SchedulerRuntime> runtime;
  private final Clock clock;
  private static final Duration MAX_CALENDAR_RANGE = Duration.ofDays(366);
  private final WindowRequestParser parser = new WindowRequestParser();
  private final MaintenancePolicy policy;
  private final AlertWebhook webhook;

  public WindowsApi(
      Vertx vertx, ApiTokens tokens, MaintenancePolicy policy, Supplier<SchedulerRuntime> runtime, Clock clock) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.policy = policy;
    this.runtime = runtime;
    this.clock = clock;
    this.webhook = new AlertWebhook(policy, runtime, clock);
  }

  public void mount(Router router) {
    router.get("/openapi.yaml").handler(this::openApi);
    router.route("/windows*").handler(this::authenticate);
    router.route("/alerts*").handler(this::authenticate);
    router.post("/alerts/alertmanager").handler(ctx -> requireRole(ctx, "alertmanager").ifPresent(p -> alerts(ctx, p)));
    router.route("/calendar").handler(this::authenticate);
    router.route("/freeze").handler(this::authenticate);
    router.post("/freeze").handler(ctx -> requireRole(ctx, "operator").ifPresent(p -> freeze(ctx, p, true)));
    router.delete("/freeze").handler(ctx -> requireRole(ctx, "operator").ifPresent(p -> freeze(ctx, p, false)));
    router.route("/recurring*").handler(this::authenticate);
    router.get("/recurring").handler(this::recurring);
    router.get("/recurring/:id/preview").handler(this::preview);
    router.get("/calendar").handler(this::calendar);
    router.post("/windows").handler(ctx -> requireRole(ctx, "requester").ifPresent(p -> create(ctx, p)));
    router.get("/windows").handler(this::list);
    router.get("/windows/:id").handler(this::get);
    router.get("/windows/:id/review").handler(this::review);
    router.post("/windows/:id/approve").handler(ctx -> requireRole(ctx, "approver").ifPresent(p -> approve(ctx, p)));
    router.post("/windows/:id/reschedule").handler(ctx -> requireAnyRole(ctx, Set.of("requester", "operator")).ifPresent(p -> reschedule(ctx, p)));
    router.post("/windows/:id/cancel").handler(ctx -> requireAnyRole(ctx, Set.of("requester", "operator")).ifPresent(p -> command(ctx, p, CancelRequested.newBuilder().setReason(reason(ctx)).build())));
    router.post("/windows/:id/abort").handler(ctx -> requireRole(ctx, "operator").ifPresent(p -> command(ctx, p, AbortRequested.newBuilder().setReason(Optional.ofNullable(reason(ctx)).orElse("aborted by " + p.name())).build())));
    router.post("/windows/:id/steps/:step/go").handler(ctx -> requireAnyRole(ctx, Set.of("operator", "approver")).ifPresent(p -> gate(ctx, p, true)));
    router.post("/windows/:id/steps/:step/no-go").handler(ctx -> requireAnyRole(ctx, Set.of("operator", "approver")).ifPresent(p -> gate(ctx, p, false)));
    router.post("/windows/:id/pause").handler(ctx -> requireRole(ctx, "operator").ifPresent(p -> command(ctx, p, PauseRequested.newBuilder().setReason(reason(ctx)).build())));
    router.post("/windows/:id/resume").handler(ctx -> requireRole(ctx, "operator").ifPresent(p -> command(ctx, p, ResumeRequested.newBuilder().setReason(reason(ctx)).build())));
  }

  private void authenticate(RoutingContext ctx) {
    Optional<Principal> principal = tokens.authenticate(ctx.request().getHeader("Authorization"));
    if (principal.isEmpty()) {
      boolean presented = ctx.request().getHeader("Authorization") != null;
      SecurityAudit.refused(ctx, "anonymous", 401, presented ? "unknown or malformed bearer token" : "no bearer token");
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ApiError.of(401, "a valid bearer token is required").send(ctx);
      return;
    }
    if (runtime.get() == null) {
      ApiError.of(503, "the scheduler is starting").send(ctx);
      return;
    }
    ctx.put(PRINCIPAL, principal.get());
    ctx.next();
  }

  private Optional<Principal> requireRole(RoutingContext ctx, String role) {
    return requireAnyRole(ctx, Set.of(role));
  }

  private Optional<Principal> requireAnyRole(RoutingContext ctx, Set<String> roles) {
    Principal principal = ctx.get(PRINCIPAL);
    if (roles.stream().noneMatch(principal::has)) {
      SecurityAudit.refused(ctx, principal.name(), 403, "needs one of the roles " + roles.stream().sorted().toList());
      ApiError.of(403, principal.name() + " needs one of the roles " + roles.stream().sorted().toList()).send(ctx);
      return Optional.empty();
    }
    return Optional.of(principal);
  }

  private void create(RoutingContext ctx, Principal principal) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    WindowRequestParser.Parsed parsed = parser.parse(body, principal.name());
    if (!parsed.problems().isEmpty()) {
      new ApiError(400, "the window request is invalid", parsed.problems()).send(ctx);
      return;
    }
    String environment = parsed.request().getEnvironment();
    if (!policy.environments().contains(environment)) {
      new ApiError(400, "the window request is invalid", List.of(new ApiError.FieldProblem("environment",
          "unknown environment '" + environment + "'; must be one of " + policy.environments().stream().sorted().toList()))).send(ctx);
      return;
    }
    Optional<WindowStateSnapshot> existing = runtime.get().readModel().window(parsed.windowId());
    if (existing.isPresent()) {
      // The window id is the idempotency key: the same request again changes nothing.
      respond(ctx, 200, existing.get());
      return;
    }
    RequestEnvelope envelope = envelope(parsed.windowId(), principal, parsed.correlationId(), parsed.request());
    send(envelope)
        .compose(ignored -> awaitDecision(parsed.windowId(), envelope.getMetadata().getEventId()))
        .onSuccess(
            decided -> {
              if (decided.isEmpty()) {
                ctx.response().putHeader("Location", "/windows/" + parsed.windowId());
                json(ctx, 202, new JsonObject().put("windowId", parsed.windowId()).put("status", WindowStatus.REQUESTED.name()));
              } else if (decided.get().getStatus() == WindowStatus.REJECTED) {
                respond(ctx, 422, decided.get());
              } else {
                ctx.response().putHeader("Location", "/windows/" + parsed.windowId());
                respond(ctx, 201, decided.get());
              }
            })
        .onFailure(e -> ApiError.of(503, "cannot record the request: " + e.getMessage()).send(ctx));
  }

  private void list(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    String environment = ctx.request().getParam("environment");
    String service = ctx.request().getParam("service");
    boolean upcoming = "true".equals(ctx.request().getParam("upcoming"));
    if (state != null && Stream.of(WindowStatus.values()).noneMatch(s -> s.name().equals(state.toUpperCase(Locale.ROOT)))) {
      new ApiError(400, "invalid filter", List.of(new ApiError.FieldProblem("state", "must be one of " + List.of(WindowStatus.values())))).send(ctx);
      return;
    }
    Instant now = clock.instant();
    JsonArray windows = new JsonArray();
    runtime.get().readModel().windows().stream()
        .filter(w -> state == null || w.getStatus().name().equals(state.toUpperCase(Locale.ROOT)))
        .filter(w -> environment == null || w.getRequest().getEnvironment().equals(environment))
        .filter(w -> service == null || w.getRequest().getServices().contains(service))
        .filter(w -> !upcoming || w.getScheduledStart() != null && w.getScheduledStart().isAfter(now))
        .sorted(Comparator.comparing((WindowStateSnapshot w) -> Optional.ofNullable(w.getScheduledStart()).orElse(Instant.MAX)).thenComparing(WindowStateSnapshot::getWindowId))
        .forEach(w -> windows.add(WindowJson.summary(w)));
    json(ctx, 200, new JsonObject().put("windows", windows));
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<WindowStateSnapshot> window = runtime.get().readModel().window(id);
    if (window.isEmpty()) {
      ApiError.of(404, "no window " + id).send(ctx);
      return;
    }
    respond(ctx, 200, window.get());
  }

  /**
   * The post-maintenance review of a finished window: JSON, or Markdown with {@code
   * ?format=markdown} (or {@code Accept: text/markdown}). 409 while the window has not ended.
   */
  private void review(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String format = ctx.request().getParam("format");
    if (format != null && !format.equals("json") && !format.equals("markdown")) {
      new ApiError(400, "invalid review format", List.of(new ApiError.FieldProblem("format", "must be json or markdown"))).send(ctx);
      return;
    }
    WindowReadModel model = runtime.get().readModel();
    Optional<WindowStateSnapshot> window = model.window(id);
    if (window.isEmpty()) {
      ApiError.of(404, "no window " + id).send(ctx);
      return;
    }
    if (window.get().getStatus() == WindowStatus.REJECTED) {
      ApiError.of(404, "window " + id + " was rejected by the policy: a request that never ran has no review").send(ctx);
      return;
    }
    Optional<PostMaintenanceReview> review = ReviewBuilder.build(id, model.history(id), model.incidentCandidates());
    if (review.isEmpty()) {
      ApiError.of(409, "window " + id + " is " + window.get().getStatus() + "; its review is written when it ends").send(ctx);
      return;
    }
    String accept = Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("");
    if ("markdown".equals(format) || format == null && accept.contains("text/markdown")) {
      ctx.response().putHeader("content-type", "text/markdown; charset=utf-8").end(ReviewText.of(review.get()));
    } else {
      json(ctx, 200, ReviewJson.of(review.get()));
    }
  }

  /** Allowed slots, freezes and windows of each environment in [from, to) (default: 30 days). */
  private void calendar(RoutingContext ctx) {
    List<ApiError.FieldProblem> problems = new java.util.ArrayList<>();
    Instant from = instantParam(ctx, "from", clock.instant(), problems);
    Instant to = instantParam(ctx, "to", from.plus(Duration.ofDays(30)), problems);
    String environment = ctx.request().getParam("environment");
    if (problems.isEmpty() && !to.isAfter(from)) {
      problems.add(new ApiError.FieldProblem("to", "must be after from"));
    } else if (problems.isEmpty() && Duration.between(from, to).compareTo(MAX_CALENDAR_RANGE) > 0) {
      problems.add(new ApiError.FieldProblem("to", "must be at most 366 days after from"));
    }
    if (environment != null && !policy.environments().contains(environment)) {
      problems.add(new ApiError.FieldProblem("environment", "must be one of " + policy.environments().stream().sorted().toList()));
    }
    if (!problems.isEmpty()) {
      new ApiError(400, "invalid calendar range", problems).send(ctx);
      return;
    }
    JsonArray environments = new JsonArray();
    for (String env : policy.environments().stream().sorted().toList()) {
      if (environment != null && !environment.equals(env)) {
        continue;
      }
      JsonArray entries = new JsonArray();
      for (CalendarEntry e : policy.calendar(env, from, to)) {
        entries.add(
            new JsonObject()
                .put("kind", e.kind().name())
                .put("id", e.id())
                .put("description", e.description())
                .put("start", e.start().toString())
                .put("end", e.end().toString())
                .put("types", new JsonArray(e.types().stream().map(Enum::name).toList())));
      }
      JsonArray windows = new JsonArray();
      runtime.get().readModel().windows().stream()
          .filter(w -> w.getRequest().getEnvironment().equals(env) && w.getScheduledStart() != null && w.getScheduledEnd() != null)
          .filter(w -> w.getScheduledStart().isBefore(to) && w.getScheduledEnd().isAfter(from))
          .sorted(Comparator.comparing(WindowStateSnapshot::getScheduledStart))
          .forEach(w -> windows.add(WindowJson.summary(w)));
      environments.add(new JsonObject().put("environment", env).put("calendar", entries).put("windows", windows));
    }
    json(ctx, 200, new JsonObject().put("from", from.toString()).put("to", to.toString()).put("environments", environments));
  }

  /**
   * The global emergency freeze: no new step starts anywhere until it is lifted (compensations
   * still run). Written under the fixed key {@link FreezeKey#WINDOW_ID}, so freezes stay in order.
   */
  private void freeze(RoutingContext ctx, Principal principal, boolean on) {
    String reason = reason(ctx);
    if (on && (reason == null || reason.isBlank())) {
      new ApiError(400, "a freeze needs a reason", List.of(new ApiError.FieldProblem("reason", "is required"))).send(ctx);
      return;
    }
    String why = reason == null ? "lifted by " + principal.name() : reason;
    Object payload =
        on
            ? FreezeAll.newBuilder().setReason(why).setOperator(principal.name()).build()
            : Unfreeze.newBuilder().setReason(why).setOperator(principal.name()).build();
    accept(ctx, envelope(FreezeKey.WINDOW_ID, principal, null, payload), new JsonObject().put("frozen", on));
  }

  private void recurring(RoutingContext ctx) {
    JsonArray windows = new JsonArray();
    policy.recurringWindows().stream().sorted()
        .forEach(id -> windows.add(new JsonObject().put("id", id).put("title", policy.recurringTitle(id).orElse(id))));
    json(ctx, 200, new JsonObject().put("recurring", windows));
  }

  /** The next N occurrences of a recurring window, each with what policy says and its window. */
  private void preview(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!policy.recurringWindows().contains(id)) {
      ApiError.of(404, "no recurring window " + id).send(ctx);
      return;
    }
    int count;
    try {
      count = Integer.parseInt(Optional.ofNullable(ctx.request().getParam("count")).orElse("8"));
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > 52) {
      new ApiError(400, "invalid preview", List.of(new ApiError.FieldProblem("count", "must be an integer between 1 and 52"))).send(ctx);
      return;
    }
    Instant now = clock.instant();
    JsonArray occurrences = new JsonArray();
    for (MaintenancePolicy.RecurringOccurrence o : policy.preview(id, now, count, now, List.of())) {
      JsonArray violations = new JsonArray();
      o.violations().forEach(v -> violations.add(new JsonObject().put("field", v.getField()).put("code", v.getCode()).put("message", v.getMessage())));
      occurrences.add(
          new JsonObject()
              .put("windowId", o.plan().windowId())
              .put("start", o.plan().start().toString())
              .put("end", o.plan().end().toString())
              .put("allowed", o.allowed())
              .put("violations", violations)
              .put("status", runtime.get().readModel().window(o.plan().windowId()).map(w -> w.getStatus().name()).orElse(null)));
    }
    json(ctx, 200, new JsonObject().put("id", id).put("occurrences", occurrences));
  }

  private static Instant instantParam(RoutingContext ctx, String name, Instant fallback, List<ApiError.FieldProblem> problems) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(new ApiError.FieldProblem(name, "must be an ISO-8601 date-time with an offset"));
      return fallback;
    }
  }

  private void approve(RoutingContext ctx, Principal principal) {
    JsonObject body = optionalBody(ctx);
    if (body == null) {
      return;
    }
    Set<String> approvalRoles = principal.roles().stream().filter(r -> !ApiTokens.API_ROLES.contains(r)).collect(java.util.stream.Collectors.toSet());
    String role = body.getValue("role") instanceof String r ? r : approvalRoles.stream().sorted().findFirst().orElse("approver");
    if (!principal.has(role)) {
      SecurityAudit.refused(ctx, principal.name(), 403, "approval role not held: " + role);
      new ApiError(403, "approval role not held", List.of(new ApiError.FieldProblem("role", principal.name() + " does not hold the role " + role))).send(ctx);
      return;
    }
    command(ctx, principal, ApprovalGiven.newBuilder().setApprover(principal.name()).setRole(role).setComment(body.getValue("comment") instanceof String c ? c : null).build());
  }

  private void alerts(RoutingContext ctx, Principal principal) {
    JsonObject body = body(ctx);
    if (body != null) {
      webhook.receive(ctx, principal, body);
    }
  }

  /**
   * Go or no-go at a gate step (an {@code approval} step). The role decided under is the body's
   * {@code role}, else the first role the caller holds that the gate accepts.
   */
  private void gate(RoutingContext ctx, Principal principal, boolean go) {
    JsonObject body = optionalBody(ctx);
    if (body == null) {
      return;
    }
    String id = ctx.pathParam("id");
    String stepId = ctx.pathParam("step");
    Optional<WindowStateSnapshot> window = runtime.get().readModel().window(id);
    Optional<io.windowops.events.StepSpec> step = window.flatMap(w -> w.getRequest().getSteps().stream().filter(s -> s.getStepId().equals(stepId)).findFirst());
    if (step.isEmpty()) {
      ApiError.of(404, window.isEmpty() ? "no window " + id : "window " + id + " has no step " + stepId).send(ctx);
      return;
    }
    List<String> gateRoles = java.util.Arrays.stream(step.get().getParams().getOrDefault("roles", "").split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
    String role = body.getValue("role") instanceof String r ? r
        : gateRoles.stream().filter(principal::has).findFirst()
            .orElse(principal.roles().stream().filter(r -> !ApiTokens.API_ROLES.contains(r)).sorted().findFirst().orElse("operator"));
    if (!principal.has(role)) {
      SecurityAudit.refused(ctx, principal.name(), 403, "gate role not held: " + role);
      new ApiError(403, "gate role not held", List.of(new ApiError.FieldProblem("role", principal.name() + " does not hold the role " + role))).send(ctx);
      return;
    }
    String text = body.getValue(go ? "comment" : "reason") instanceof String t ? t.substring(0, Math.min(t.length(), 1000)) : null;
    Object payload = go
        ? ApprovalGiven.newBuilder().setApprover(principal.name()).setRole(role).setStepId(stepId).setComment(text).build()
        : NoGoGiven.newBuilder().setOperator(principal.name()).setRole(role).setStepId(stepId).setReason(text).build();
    command(ctx, principal, payload);
  }

  private void reschedule(RoutingContext ctx, Principal principal) {
    JsonObject body = body(ctx);
    if (body == null) {
      return;
    }
    JsonReader r = new JsonReader();
    r.onlyKnown(body, "", Set.of("requestedStart", "requestedEnd", "durationMinutes", "useNextAllowedSlot", "reason"));
    Instant start = r.instant(body, "", "requestedStart");
    Instant end = r.instant(body, "", "requestedEnd");
    Integer duration = r.integer(body, "", "durationMinutes", false, 1, 7 * 24 * 60);
    Boolean nextSlot = r.bool(body, "", "useNextAllowedSlot");
    String reason = r.string(body, "", "reason", false, 1000, null);
    if (start == null && !Boolean.TRUE.equals(nextSlot) && r.problems().isEmpty()) {
      r.problem("requestedStart", "is required unless useNextAllowedSlot is true");
    }
    if (start != null && end != null && !end.isAfter(start)) {
      r.problem("requestedEnd", "must be after requestedStart");
    }
    if (!r.problems().isEmpty()) {
      new ApiError(400, "the reschedule request is invalid", r.problems()).send(ctx);
      return;
    }
    command(ctx, principal, RescheduleRequested.newBuilder().setRequestedStart(start).setRequestedEnd(end).setDurationMinutes(duration).setUseNextAllowedSlot(Boolean.TRUE.equals(nextSlot)).setReason(reason).build());
  }

  private void command(RoutingContext ctx, Principal principal, Object payload) {
    String id = ctx.pathParam("id");
    if (runtime.get().readModel().window(id).isEmpty()) {
      ApiError.of(404, "no window " + id).send(ctx);
      return;
    }
    accept(
        ctx,
        envelope(id, principal, null, payload),
        new JsonObject()
            .put("windowId", id)
            .put("command", ((org.apache.avro.specific.SpecificRecord) payload).getSchema().getName()));
  }

  /** Records a command and answers 202 with its event id and actor once Kafka has it. */
  private void accept(RoutingContext ctx, RequestEnvelope envelope, JsonObject answer) {
    send(envelope)
        .onSuccess(
            ignored ->
                json(
                    ctx,
                    202,
                    answer
                        .put("eventId", envelope.getMetadata().getEventId())
                        .put("actor", envelope.getMetadata().getActor())))
        .onFailure(e -> ApiError.of(503, "cannot record the command: " + e.getMessage()).send(ctx));
  }

  private RequestEnvelope envelope(String windowId, Principal principal, String correlationId, Object payload) {
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWindowId(windowId)
                .setOccurredAt(clock.instant())
                .setCorrelationId(correlationId)
                .setActor(principal.name())
                .build())
        .setPayload(payload)
        .build();
  }

  private Future<Void> send(RequestEnvelope envelope) {
    return RequestWriter.send(runtime.get(), envelope);
  }

  /** Polls the read model until the saga has decided about a new window, or gives up. */
  /**
   * Completes when the read model applies the decision on the request {@code eventId} (the window
   * left REQUESTED: its slot was granted or refused), pushed by the model; empty after {@link
   * #DECISION_WAIT}, when the caller gets 202 and the window's Location.
   */
  private Future<Optional<WindowStateSnapshot>> awaitDecision(String windowId, String eventId) {
    Promise<Optional<WindowStateSnapshot>> decided = Promise.promise();
    Context requestContext = vertx.getOrCreateContext(); // the answer completes where the request runs
    CompletableFuture<WindowStateSnapshot> applied =
        runtime.get().readModel().whenWindow(windowId,
            w -> eventId.equals(w.getRequestEventId()) && w.getStatus() != WindowStatus.REQUESTED);
    long timer = vertx.setTimer(DECISION_WAIT.toMillis(), t -> {
      applied.cancel(false);
      decided.tryComplete(Optional.empty());
    });
    applied.whenComplete((w, failure) -> {
      if (w != null) {
        requestContext.runOnContext(v -> {
          vertx.cancelTimer(timer);
          decided.tryComplete(Optional.of(w));
        });
      }
    });
    return decided.future();
  }

  private void respond(RoutingContext ctx, int status, WindowStateSnapshot window) {
    JsonObject json = WindowJson.summary(window);
    json.put("timeline", WindowJson.timeline(runtime.get().readModel().timeline(window.getWindowId())));
    json(ctx, status, json);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        ApiError.of(400, "a JSON object body is required").send(ctx);
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      ApiError.of(400, "the body is not a JSON object: " + e.getMessage()).send(ctx);
      return null;
    }
  }

  private static JsonObject optionalBody(RoutingContext ctx) {
    return ctx.body().length() <= 0 ? new JsonObject() : body(ctx);
  }

  private static String reason(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().length() <= 0 ? null : ctx.body().asJsonObject();
      return body != null && body.getValue("reason") instanceof String r ? r.substring(0, Math.min(r.length(), 1000)) : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private void openApi(RoutingContext ctx) {
    try (InputStream in = WindowsApi.class.getResourceAsStream("/openapi.yaml")) {
      ctx.response().putHeader("content-type", "application/yaml").end(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | NullPointerException e) {
      ctx.fail(500, e);
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
