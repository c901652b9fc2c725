package io.windowops.scheduler.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.scheduler.saga.AlertLabels;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The API's view of a window: what a person or a pipeline needs, in plain JSON. */
final class WindowJson {

  private WindowJson() {}

  static JsonObject summary(WindowStateSnapshot w) {
    JsonObject steps = new JsonObject();
    w.getSteps().forEach((id, p) -> steps.put(id, new JsonObject().put("state", p.getState().name()).put("attempts", p.getAttempts())));
    JsonArray approvals = new JsonArray();
    w.getApprovals()
        .forEach(a -> approvals.add(new JsonObject().put("approver", a.getApprover()).put("role", a.getRole()).put("approvedAt", text(a.getApprovedAt()))));
    JsonArray deadlines = new JsonArray();
    w.getDeadlines().forEach(d -> deadlines.add(new JsonObject().put("kind", d.getKind().name()).put("dueAt", text(d.getDueAt()))));
    JsonObject json = new JsonObject()
        .put("windowId", w.getWindowId())
        .put("status", w.getStatus().name())
        .put("title", w.getRequest().getTitle())
        .put("environment", w.getRequest().getEnvironment())
        .put("services", new JsonArray(List.copyOf(w.getRequest().getServices())))
        .put("maintenanceType", w.getRequest().getMaintenanceType().name())
        .put("requester", w.getRequest().getRequester())
        .put("scheduledStart", text(w.getScheduledStart()))
        .put("scheduledEnd", text(w.getScheduledEnd()))
        .put("approvals", approvals)
        .put("steps", steps)
        .put("deadlines", deadlines)
        .put("failureCause", w.getFailureCause() == null ? null : w.getFailureCause().name())
        .put("failureDetail", w.getFailureDetail())
        // The slot claim the window holds (the id of the command it was granted for), and the
        // latest inputs applied: a caller tells from them that its own command was taken.
        .put("reservationId", w.getReservationId())
        .put("appliedEventIds", new JsonArray(applied(w)))
        .put("updatedAt", text(w.getUpdatedAt()));
    if (AlertLabels.triggered(w.getRequest())) {
      var labels = w.getRequest().getLabels();
      json.put("alert", new JsonObject()
          .put("alertname", labels.get(AlertLabels.NAME))
          .put("fingerprint", labels.get(AlertLabels.FINGERPRINT))
          .put("startsAt", labels.get(AlertLabels.STARTS_AT))
          .put("severity", labels.get(AlertLabels.SEVERITY))
          .put("resolvedAt", text(w.getAlertResolvedAt())));
    }
    return json;
  }

  static JsonArray timeline(List<WindowEventEnvelope> events) {
    JsonArray timeline = new JsonArray();
    for (WindowEventEnvelope e : events) {
      SpecificRecord payload = (SpecificRecord) e.getPayload();
      timeline.add(
          new JsonObject()
              .put("sequence", e.getMetadata().getSequence())
              .put("occurredAt", text(e.getMetadata().getOccurredAt()))
              .put("event", payload.getSchema().getName())
              .put("actor", e.getMetadata().getActor())
              .put("causationId", e.getMetadata().getCausationId())
              .put("detail", payload.toString()));
    }
    return timeline;
  }

  /** Inputs taken, without the commands still waiting for the slot (recorded, not yet decided). */
  private static List<String> applied(WindowStateSnapshot w) {
    java.util.Set<String> waiting = new java.util.HashSet<>();
    w.getDeferredRequests().values().forEach(e -> waiting.add(e.getMetadata().getEventId()));
    return w.getProcessedEventIds().stream().filter(id -> !waiting.contains(id)).toList();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
