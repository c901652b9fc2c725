package io.windowops.scheduler.api;

import io.vertx.core.json.JsonObject;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CompensationSpec;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import io.windowops.scheduler.saga.AlertLabels;

/**
 * Turns a {@code POST /windows} body into a {@code MaintenanceRequested}, or lists every field
 * that is wrong. The requester is the authenticated caller, never a field of the body. Limits are
 * generous for real runbooks and small enough that a hostile body cannot bloat an event.
 */
final class WindowRequestParser {

  static final Pattern WINDOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final int MAX_STEPS = 100;
  private static final int MAX_CRITERIA = 50;
  private static final int MAX_PARAM_VALUE = 4096;

  private static final Set<String> FIELDS =
      Set.of(
          "windowId", "title", "description", "services", "environment", "maintenanceType",
          "requestedStart", "requestedEnd", "durationMinutes", "useNextAllowedSlot", "steps",
          "preflightCriteria", "successCriteria", "audiences", "impact", "labels", "correlationId");
  private static final Set<String> STEP_FIELDS =
      Set.of(
          "stepId", "action", "params", "compensation", "timeoutSeconds", "maxRetries",
          "retryBackoffSeconds", "parallelGroup", "service", "description");
  private static final Set<String> COMPENSATION_FIELDS = Set.of("action", "params");
  private static final Set<String> CRITERION_FIELDS =
      Set.of(
          "criterionId", "kind", "query", "url", "comparator", "threshold", "intervalSeconds",
          "count", "consecutiveFailureLimit", "failureLimit", "inconclusiveLimit", "params");

  /** The parsed request, or the problems; exactly one is present. */
  record Parsed(String windowId, String correlationId, MaintenanceRequested request, List<FieldProblem> problems) {}

  Parsed parse(JsonObject body, String requester) {
    JsonReader r = new JsonReader();
    r.onlyKnown(body, "", FIELDS);
    String windowId = r.string(body, "", "windowId", true, 64, WINDOW_ID);
    String title = r.string(body, "", "title", true, 200, null);
    String description = r.string(body, "", "description", false, 4000, null);
    List<String> services = r.strings(body, "", "services", 20, 63, NAME);
    if (body.getValue("services") == null || services.isEmpty() && r.problems().stream().noneMatch(p -> p.field().startsWith("services"))) {
      r.problem("services", "must name at least one service");
    }
    String environment = r.string(body, "", "environment", true, 63, NAME);
    MaintenanceType type = r.enumValue(body, "", "maintenanceType", MaintenanceType.class, true);
    Instant start = r.instant(body, "", "requestedStart");
    Instant end = r.instant(body, "", "requestedEnd");
    Integer duration = r.integer(body, "", "durationMinutes", false, 1, 7 * 24 * 60);
    boolean nextSlot = Boolean.TRUE.equals(r.bool(body, "", "useNextAllowedSlot"));
    checkTiming(r, start, end, duration, nextSlot);
    List<StepSpec> steps = steps(r, body);
    List<CriterionSpec> preflight = criteria(r, body, "preflightCriteria");
    List<CriterionSpec> success = criteria(r, body, "successCriteria");
    List<String> audiences = r.strings(body, "", "audiences", 20, 100, null);
    String impact = r.string(body, "", "impact", false, 2000, null);
    var labels = r.stringMap(body, "", "labels", 20, 200);
    labels.keySet().stream()
        .filter(k -> k.startsWith(AlertLabels.PREFIX))
        .forEach(k -> r.problem("labels." + k, "labels under '" + AlertLabels.PREFIX + "' are reserved for windows opened by the Alertmanager webhook"));
    String correlationId = r.string(body, "", "correlationId", false, 128, null);
    if (!r.problems().isEmpty()) {
      return new Parsed(windowId, correlationId, null, List.copyOf(r.problems()));
    }
    MaintenanceRequested request =
        MaintenanceRequested.newBuilder()
            .setTitle(title)
            .setDescription(description)
            .setServices(services)
            .setEnvironment(environment)
            .setMaintenanceType(type)
            .setRequestedStart(start)
            .setRequestedEnd(end)
            .setDurationMinutes(duration)
            .setUseNextAllowedSlot(nextSlot)
            .setSteps(steps)
            .setPreflightCriteria(preflight)
            .setSuccessCriteria(success)
            .setAudiences(audiences)
            .setRequester(requester)
            .setImpact(impact)
            .setLabels(labels)
            .build();
    return new Parsed(windowId, correlationId, request, List.of());
  }

  private static void checkTiming(JsonReader r, Instant start, Instant end, Integer duration, boolean nextSlot) {
    if (nextSlot) {
      if (start != null) {
        r.problem("requestedStart", "must be absent when useNextAllowedSlot is true");
      }
      if (duration == null && end == null) {
        r.problem("durationMinutes", "is required when useNextAllowedSlot is true");
      }
      return;
    }
    if (start == null && r.problems().stream().noneMatch(p -> p.field().equals("requestedStart"))) {
      r.problem("requestedStart", "is required unless useNextAllowedSlot is true");
    }
    if (end == null && duration == null) {
      r.problem("requestedEnd", "is required unless durationMinutes is given");
    }
    if (start != null && end != null && !end.isAfter(start)) {
      r.problem("requestedEnd", "must be after requestedStart");
    }
  }

  private static List<StepSpec> steps(JsonReader r, JsonObject body) {
    List<StepSpec> steps = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    List<JsonObject> items = r.objects(body, "", "steps", MAX_STEPS);
    for (int i = 0; i < items.size(); i++) {
      JsonObject s = items.get(i);
      if (s == null) {
        continue;
      }
      String path = "steps[" + i + "]";
      r.onlyKnown(s, path, STEP_FIELDS);
      String stepId = r.string(s, path, "stepId", true, 63, STEP_ID);
      if (stepId != null && !ids.add(stepId)) {
        r.problem(path + ".stepId", "duplicates another step's id '" + stepId + "'");
      }
      String action = r.string(s, path, "action", true, 63, NAME);
      var params = r.stringMap(s, path, "params", 50, MAX_PARAM_VALUE);
      JsonObject comp = r.object(s, path, "compensation", false);
      CompensationSpec compensation = null;
      if (comp != null) {
        String cpath = path + ".compensation";
        r.onlyKnown(comp, cpath, COMPENSATION_FIELDS);
        String compAction = r.string(comp, cpath, "action", true, 63, NAME);
        var compParams = r.stringMap(comp, cpath, "params", 50, MAX_PARAM_VALUE);
        if (compAction != null) {
          compensation = CompensationSpec.newBuilder().setAction(compAction).setParams(compParams).build();
        }
      }
      Integer timeout = r.integer(s, path, "timeoutSeconds", true, 1, 86_400);
      Integer retries = r.integer(s, path, "maxRetries", false, 0, 10);
      Integer backoff = r.integer(s, path, "retryBackoffSeconds", false, 0, 3_600);
      String group = r.string(s, path, "parallelGroup", false, 63, STEP_ID);
      String service = r.string(s, path, "service", false, 63, NAME);
      String description = r.string(s, path, "description", false, 500, null);
      if (stepId != null && action != null && timeout != null) {
        steps.add(
            StepSpec.newBuilder()
                .setStepId(stepId)
                .setAction(action)
                .setParams(params)
                .setCompensation(compensation)
                .setTimeoutSeconds(timeout)
                .setMaxRetries(retries == null ? 0 : retries)
                .setRetryBackoffSeconds(backoff == null ? 10 : backoff)
                .setParallelGroup(group)
                .setService(service)
                .setDescription(description)
                .build());
      }
    }
    return steps;
  }

  private static List<CriterionSpec> criteria(JsonReader r, JsonObject body, String name) {
    List<CriterionSpec> criteria = new ArrayList<>();
    List<JsonObject> items = r.objects(body, "", name, MAX_CRITERIA);
    for (int i = 0; i < items.size(); i++) {
      JsonObject c = items.get(i);
      if (c == null) {
        continue;
      }
      String path = name + "[" + i + "]";
      r.onlyKnown(c, path, CRITERION_FIELDS);
      String id = r.string(c, path, "criterionId", true, 63, STEP_ID);
      CriterionKind kind = r.enumValue(c, path, "kind", CriterionKind.class, true);
      String query = r.string(c, path, "query", false, 4000, null);
      String url = r.string(c, path, "url", false, 2000, null);
      ComparisonOperator comparator = r.enumValue(c, path, "comparator", ComparisonOperator.class, true);
      Double threshold = r.number(c, path, "threshold", true);
      Integer interval = r.integer(c, path, "intervalSeconds", false, 1, 3_600);
      Integer count = r.integer(c, path, "count", false, 1, 1_000);
      Integer consecutive = r.integer(c, path, "consecutiveFailureLimit", false, 0, 1_000);
      Integer failures = r.integer(c, path, "failureLimit", false, 0, 1_000);
      Integer inconclusive = r.integer(c, path, "inconclusiveLimit", false, 0, 1_000);
      var params = r.stringMap(c, path, "params", 20, 1_000);
      if (kind == CriterionKind.HTTP && url == null) {
        r.problem(path + ".url", "is required for an http criterion");
      } else if (kind != null && kind != CriterionKind.HTTP && query == null) {
        r.problem(path + ".query", "is required for a " + kind.name().toLowerCase() + " criterion");
      }
      if (id != null && kind != null && comparator != null && threshold != null) {
        criteria.add(
            CriterionSpec.newBuilder()
                .setCriterionId(id)
                .setKind(kind)
                .setQuery(query)
                .setUrl(url)
                .setComparator(comparator)
                .setThreshold(threshold)
                .setIntervalSeconds(interval == null ? 60 : interval)
                .setCount(count == null ? 1 : count)
                .setConsecutiveFailureLimit(consecutive == null ? 0 : consecutive)
                .setFailureLimit(failures == null ? 0 : failures)
                .setInconclusiveLimit(inconclusive == null ? 0 : inconclusive)
                .setParams(params)
                .build());
      }
    }
    return criteria;
  }
}
