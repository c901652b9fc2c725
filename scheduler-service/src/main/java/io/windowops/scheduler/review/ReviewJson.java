package io.windowops.scheduler.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** A review as JSON, the same for the REST API and {@code windowops review --format json}. */
public final class ReviewJson {

  private ReviewJson() {}

  public static JsonObject of(PostMaintenanceReview r) {
    JsonArray steps = new JsonArray();
    r.steps()
        .forEach(
            s ->
                steps.add(
                    new JsonObject()
                        .put("stepId", s.stepId())
                        .put("kind", s.kind().name())
                        .put("action", s.action())
                        .put("attempts", s.attempts())
                        .put("status", s.status())
                        .put("exitCode", s.exitCode())
                        .put("durationSeconds", seconds(s.duration()))));
    JsonArray incidents = new JsonArray();
    r.incidents()
        .forEach(
            i ->
                incidents.add(
                    new JsonObject()
                        .put("windowId", i.windowId())
                        .put("title", i.title())
                        .put("start", text(i.start()))
                        .put("end", text(i.end()))));
    return new JsonObject()
        .put("windowId", r.windowId())
        .put("title", r.title())
        .put("maintenanceType", r.type().name())
        .put("environment", r.environment())
        .put("services", new JsonArray(r.services()))
        .put("requester", r.requester())
        .put("finalState", r.finalState().name())
        .put(
            "duration",
            new JsonObject()
                .put("plannedStart", text(r.plannedStart()))
                .put("plannedEnd", text(r.plannedEnd()))
                .put("plannedMinutes", minutes(r.plannedDuration()))
                .put("openedAt", text(r.openedAt()))
                .put("endedAt", text(r.endedAt()))
                .put("actualMinutes", minutes(r.actualDuration())))
        .put(
            "notices",
            new JsonObject()
                .put("issued", r.notices().issued())
                .put("onTime", r.notices().onTime())
                .put("late", r.notices().late())
                .put("notDelivered", r.notices().notDelivered())
                .put("onTimePercent", r.notices().onTimePercent())
                .put("deliveriesByChannel", new JsonObject(new java.util.TreeMap<>(r.notices().deliveriesByChannel()))))
        .put(
            "checks",
            new JsonObject()
                .put("measured", r.checks().measured())
                .put("passed", r.checks().passed())
                .put("failed", r.checks().failed())
                .put("inconclusive", r.checks().inconclusive())
                .put("passedPercent", r.checks().passedPercent())
                .put("failedCriteria", new JsonArray(r.checks().failedCriteria())))
        .put("steps", steps)
        .put("incidents", incidents)
        .put("failures", new JsonArray(r.failures()))
        .put(
            "rollback",
            new JsonObject()
                .put("result", r.rollback().result())
                .put("cause", r.rollback().cause())
                .put("compensatedSteps", new JsonArray(r.rollback().compensatedSteps())));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Double minutes(Duration d) {
    return d == null ? null : Math.round(d.toMillis() / 600.0) / 100.0;
  }

  private static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }
}
