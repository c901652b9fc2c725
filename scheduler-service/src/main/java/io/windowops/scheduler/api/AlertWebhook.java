package io.windowops.scheduler.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.windowops.events.RequestEnvelope;
import io.windowops.scheduler.api.AlertmanagerPayload.Alert;
import io.windowops.scheduler.api.ApiTokens.Principal;
import io.windowops.scheduler.policy.AlertRunbook;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.runtime.SchedulerRuntime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts/alertmanager}: Alertmanager's webhook. A firing alert whose {@code
 * alertname} the policy maps to a runbook opens that runbook's emergency window (the same alert
 * again is the same window); a resolved one is recorded on its window's timeline; an alert with
 * no runbook is acknowledged and left alone. Answers 200 once every request is on Kafka (else
 * 503, and Alertmanager retries), 400 naming the field of a malformed payload.
 */
final class AlertWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

  private final MaintenancePolicy policy;
  private final Supplier<SchedulerRuntime> runtime;
  private final Clock clock;

  AlertWebhook(MaintenancePolicy policy, Supplier<SchedulerRuntime> runtime, Clock clock) {
    this.policy = policy;
    this.runtime = runtime;
    this.clock = clock;
  }

  void receive(RoutingContext ctx, Principal principal, JsonObject body) {
    AlertmanagerPayload.Parsed parsed = AlertmanagerPayload.parse(body);
    if (!parsed.problems().isEmpty()) {
      new ApiError(400, "the Alertmanager payload is invalid", parsed.problems()).send(ctx);
      return;
    }
    Instant now = clock.instant();
    List<Future<Void>> writes = new ArrayList<>();
    JsonArray outcomes = new JsonArray();
    for (Alert alert : parsed.alerts()) {
      String windowId = AlertWindows.windowId(alert);
      JsonObject outcome = new JsonObject()
          .put("alertname", alert.alertname())
          .put("fingerprint", alert.fingerprint())
          .put("status", alert.firing() ? "firing" : "resolved");
      outcomes.add(outcome);
      Optional<AlertRunbook> runbook = policy.runbook(alert.alertname());
      if (runbook.isEmpty()) {
        outcome.put("outcome", "NO_RUNBOOK");
        continue;
      }
      boolean exists = runtime.get().readModel().window(windowId).isPresent();
      outcome.put("windowId", windowId);
      RequestEnvelope request;
      if (alert.firing()) {
        outcome.put("severity", AlertWindows.severity(alert, runbook.get()).name());
        outcome.put("outcome", exists ? "ALREADY_OPEN" : "OPENED");
        request = AlertWindows.firing(alert, runbook.get(), principal.name(), now);
      } else {
        outcome.put("outcome", exists ? "RESOLVED" : "NO_WINDOW");
        request = AlertWindows.resolved(alert, principal.name(), now);
      }
      LOG.info("alert {} ({}) {}: window {} {}", alert.alertname(), alert.fingerprint(), outcome.getString("status"),
          windowId, outcome.getString("outcome"));
      // A repeat is written too: the saga, not this instance's read model, decides duplicates.
      writes.add(RequestWriter.send(runtime.get(), request));
    }
    Future.all(writes)
        .onSuccess(ignored -> ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
            .end(new JsonObject().put("alerts", outcomes).encode()))
        .onFailure(e -> ApiError.of(503, "cannot record the alerts: " + e.getMessage()).send(ctx));
  }
}
