package io.windowops.scheduler.api;

import io.vertx.core.json.JsonObject;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Alertmanager's webhook payload (version 4): {@code status} and {@code alerts[]}, each with
 * {@code status}, {@code labels} (with {@code alertname}), {@code annotations}, {@code startsAt},
 * {@code endsAt} and {@code fingerprint}. Other fields (groupKey, receiver, externalURL, ...) are
 * not needed and left alone. Every problem is reported with its field, e.g. {@code
 * alerts[1].fingerprint}; one bad alert rejects the whole payload, so nothing is half-applied.
 */
final class AlertmanagerPayload {

  static final int MAX_ALERTS = 1000;
  /** Alertmanager's fingerprint is 16 hex digits; a little room for other senders. */
  static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{1,32}");
  static final Pattern ALERTNAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]{0,199}");
  /** Alertmanager writes this zero time as the end of a firing alert. */
  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** One alert as the scheduler needs it. */
  record Alert(
      boolean firing,
      String alertname,
      String fingerprint,
      Instant startsAt,
      Instant endsAt,
      Map<String, String> labels) {}

  record Parsed(List<Alert> alerts, List<FieldProblem> problems) {}

  private AlertmanagerPayload() {}

  static Parsed parse(JsonObject body) {
    JsonReader r = new JsonReader();
    status(r, body, "");
    List<JsonObject> items = r.objects(body, "", "alerts", MAX_ALERTS);
    if (body.getValue("alerts") == null) {
      r.problem("alerts", "is required");
    }
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonObject a = items.get(i);
      if (a == null) {
        continue;
      }
      String path = "alerts[" + i + "]";
      String status = status(r, a, path);
      Map<String, String> labels = r.stringMap(a, path, "labels", 100, 2000);
      if (a.getValue("labels") == null) {
        r.problem(path + ".labels", "is required");
      }
      String alertname = labels.get("alertname");
      if (a.getValue("labels") instanceof JsonObject given && !given.containsKey("alertname")) {
        r.problem(path + ".labels.alertname", "is required");
      } else if (alertname != null && !ALERTNAME.matcher(alertname).matches()) {
        r.problem(path + ".labels.alertname", "must be a Prometheus alert name (" + ALERTNAME.pattern() + ")");
        alertname = null;
      }
      r.stringMap(a, path, "annotations", 100, 10_000);
      Instant startsAt = r.instant(a, path, "startsAt");
      if (a.getValue("startsAt") == null) {
        r.problem(path + ".startsAt", "is required");
      }
      Instant endsAt = r.instant(a, path, "endsAt");
      String fingerprint = r.string(a, path, "fingerprint", true, 32, FINGERPRINT);
      if (status != null && alertname != null && startsAt != null && fingerprint != null) {
        alerts.add(new Alert("firing".equals(status), alertname, fingerprint.toLowerCase(java.util.Locale.ROOT), startsAt,
            endsAt == null || !endsAt.isAfter(GO_ZERO_TIME) ? null : endsAt, Map.copyOf(labels)));
      }
    }
    return new Parsed(List.copyOf(alerts), List.copyOf(r.problems()));
  }

  private static String status(JsonReader r, JsonObject json, String path) {
    String status = r.string(json, path, "status", true, 16, null);
    if (status != null && !status.equals("firing") && !status.equals("resolved")) {
      r.problem(JsonReader.join(path, "status"), "must be 'firing' or 'resolved'");
      return null;
    }
    return status;
  }
}
