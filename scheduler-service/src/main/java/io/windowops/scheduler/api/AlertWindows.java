package io.windowops.scheduler.api;

import io.windowops.events.AlertResolved;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.scheduler.api.AlertmanagerPayload.Alert;
import io.windowops.scheduler.policy.AlertRunbook;
import io.windowops.scheduler.policy.Severity;
import io.windowops.scheduler.saga.AlertLabels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an alert into the request for its runbook's emergency window. Everything is derived from
 * what identifies the alert (fingerprint, start, alertname, severity label), never from the time
 * it arrived or its annotations: the same alert firing again, on any scheduler instance and after
 * any restart, yields the same window id and the very same request, which the saga treats as a
 * duplicate. A new firing of the same label set (a new {@code startsAt}) is a new incident.
 */
final class AlertWindows {

  private AlertWindows() {}

  /** {@code ALERT-<fingerprint>-<startsAt epoch seconds>}, a valid window id. */
  static String windowId(Alert alert) {
    return "ALERT-" + alert.fingerprint() + "-" + alert.startsAt().getEpochSecond();
  }

  /** The alert's own {@code severity} label if it names P0..P3, else the runbook's. */
  static Severity severity(Alert alert, AlertRunbook runbook) {
    return Severity.of(alert.labels().get("severity")).orElse(runbook.severity());
  }

  static RequestEnvelope firing(Alert alert, AlertRunbook runbook, String requester, Instant now) {
    Severity severity = severity(alert, runbook);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(AlertLabels.NAME, alert.alertname());
    labels.put(AlertLabels.FINGERPRINT, alert.fingerprint());
    labels.put(AlertLabels.STARTS_AT, alert.startsAt().toString());
    labels.put(AlertLabels.SEVERITY, severity.name());
    String respond = runbook.respondWithin() == null ? "" : ", respond within " + runbook.respondWithin().toMinutes() + " min";
    MaintenanceRequested request =
        MaintenanceRequested.newBuilder()
            .setTitle("[" + severity + "] " + runbook.title())
            .setDescription("Alert " + alert.alertname() + " firing since " + alert.startsAt() + respond
                + (runbook.description() == null ? "" : ". " + runbook.description()))
            .setServices(runbook.services())
            .setEnvironment(runbook.environment())
            .setMaintenanceType(MaintenanceType.EMERGENCY)
            .setDurationMinutes((int) runbook.duration().toMinutes())
            .setSteps(runbook.steps())
            .setSuccessCriteria(runbook.verification())
            .setAudiences(runbook.audiences())
            .setRequester(requester)
            .setImpact(runbook.impact())
            .setLabels(labels)
            .build();
    return envelope(alert, "firing", requester, now, request);
  }

  static RequestEnvelope resolved(Alert alert, String actor, Instant now) {
    return envelope(alert, "resolved", actor, now, new AlertResolved(alert.alertname(), alert.fingerprint(), alert.endsAt()));
  }

  private static RequestEnvelope envelope(Alert alert, String what, String actor, Instant now, Object payload) {
    String windowId = windowId(alert);
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                // Deterministic: a redelivered notification is recognised by the saga as applied.
                .setEventId(UUID.nameUUIDFromBytes((windowId + "/" + what).getBytes(StandardCharsets.UTF_8)).toString())
                .setWindowId(windowId)
                .setOccurredAt(now)
                .setCorrelationId("alert:" + alert.fingerprint())
                .setActor(actor)
                .build())
        .setPayload(payload)
        .build();
  }
}
