package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.notifier.policy.Target;

/**
 * Atlassian Statuspage: the window's first notice creates a scheduled maintenance incident
 * ({@code scheduled_for}/{@code scheduled_until}, components); later notices move the same
 * incident (its id is the external id of the first delivery, kept in the ledger) to
 * in_progress, verifying or completed. At most 1 request/s per page; 429 honoured.
 */
public final class StatuspageChannel implements Channel {

  private final WebClient client;
  private final HttpDelivery http;
  private final Secrets secrets;

  public StatuspageChannel(WebClient client, HttpDelivery http, Secrets secrets) {
    this.client = client;
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public Future<Sent> send(Delivery d) {
    Target.Statuspage target = (Target.Statuspage) d.target();
    return secrets.resolve(target.apiKey()).compose(key -> send(d, target, "OAuth " + key));
  }

  private Future<Sent> send(Delivery d, Target.Statuspage target, String auth) {
    String base = target.apiBase() + "/pages/" + target.pageId() + "/incidents";
    String what = "Statuspage " + target.pageId();
    String rateKey = "statuspage:" + target.pageId();
    if (d.windowThread().isEmpty()) {
      JsonObject body = new JsonObject().put("incident", create(d, target));
      return http.send(what, rateKey, () -> client.postAbs(base).timeout(HttpDelivery.REQUEST_TIMEOUT_MS).putHeader("Authorization", auth).sendJsonObject(body))
          .compose(r -> incidentId(what, r));
    }
    String id = d.windowThread().get();
    JsonObject body = new JsonObject().put("incident", update(d));
    return http.send(what, rateKey, () -> client.patchAbs(base + "/" + id).timeout(HttpDelivery.REQUEST_TIMEOUT_MS).putHeader("Authorization", auth).sendJsonObject(body))
        .compose(r -> incidentId(what, r));
  }

  private static Future<Sent> incidentId(String what, HttpDelivery.Response r) {
    JsonObject json = r.response().bodyAsJsonObject();
    if (json == null || json.getString("id") == null) {
      return Future.failedFuture(new DeliveryFailure(what + ": response without an incident id", false, r.attempts()));
    }
    return Future.succeededFuture(new Sent(json.getString("id"), r.attempts()));
  }

  @Override
  public boolean resendIsIdempotent() {
    return false;
  }

  static JsonObject create(Delivery d, Target.Statuspage target) {
    NoticeDue n = d.notice();
    JsonObject incident =
        new JsonObject()
            .put("name", n.getSummary().getTitle())
            .put("status", status(n.getKind()))
            .put("impact_override", "maintenance")
            .put("body", d.message().text())
            .put("component_ids", new JsonArray(target.componentIds()))
            .put("deliver_notifications", true)
            .put("scheduled_remind_prior", true)
            .put("scheduled_auto_in_progress", false)
            .put("scheduled_auto_completed", false);
    if (n.getScheduledStart() != null && n.getScheduledEnd() != null) {
      incident.put("scheduled_for", n.getScheduledStart().toString()).put("scheduled_until", n.getScheduledEnd().toString());
    }
    return incident;
  }

  static JsonObject update(Delivery d) {
    NoticeDue n = d.notice();
    JsonObject incident = new JsonObject().put("status", status(n.getKind())).put("body", d.message().text());
    if (n.getKind() == NoticeKind.RESCHEDULE && n.getScheduledStart() != null && n.getScheduledEnd() != null) {
      incident.put("scheduled_for", n.getScheduledStart().toString()).put("scheduled_until", n.getScheduledEnd().toString());
    }
    return incident;
  }

  /** Statuspage's scheduled-maintenance states for each notice. */
  static String status(NoticeKind kind) {
    return switch (kind) {
      case INITIAL, REMINDER, RESCHEDULE -> "scheduled";
      case START, PROGRESS, FAILURE, ESCALATION -> "in_progress";
      case ROLLBACK -> "verifying";
      case COMPLETION, CANCELLATION, MISSED -> "completed";
    };
  }
}
