package io.windowops.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The API's window JSON as lines for a person: one window in full, or one line per window. */
public final class WindowText {

  private WindowText() {}

  /** A window: what, when, who approved, where its steps are, why it failed. */
  public static List<String> window(JsonObject w) {
    List<String> lines = new ArrayList<>();
    lines.add(w.getString("windowId") + "  " + w.getString("status") + "  \"" + w.getString("title") + "\"");
    lines.add("  " + w.getString("maintenanceType") + " in " + w.getString("environment") + " on "
        + String.join(", ", array(w, "services").stream().map(String::valueOf).toList())
        + ", requested by " + w.getString("requester"));
    if (w.getString("scheduledStart") != null) {
      lines.add("  slot " + w.getString("scheduledStart") + " – " + w.getString("scheduledEnd"));
    }
    JsonArray approvals = array(w, "approvals");
    lines.add("  approvals: " + (approvals.isEmpty() ? "none" : String.join(", ", approvals.stream().map(a -> (JsonObject) a)
        .map(a -> a.getString("approver") + " as " + a.getString("role") + " at " + a.getString("approvedAt")).toList())));
    lines.add("  " + steps(w));
    for (Object d : array(w, "deadlines")) {
      JsonObject deadline = (JsonObject) d;
      lines.add("  next " + deadline.getString("kind") + " at " + deadline.getString("dueAt"));
    }
    if (w.getString("failureCause") != null || w.getString("failureDetail") != null) {
      lines.add("  failure: " + String.join(" — ", java.util.stream.Stream.of(w.getString("failureCause"), w.getString("failureDetail"))
          .filter(java.util.Objects::nonNull).toList()));
    }
    return lines;
  }

  /** "steps 1/2 done: first SUCCEEDED (1 attempt), second RUNNING (1 attempt)". */
  public static String steps(JsonObject w) {
    JsonObject steps = w.getJsonObject("steps", new JsonObject());
    long done = steps.stream().filter(e -> "SUCCEEDED".equals(((JsonObject) e.getValue()).getString("state"))).count();
    List<String> each = new ArrayList<>();
    steps.forEach(e -> {
      JsonObject s = (JsonObject) e.getValue();
      int attempts = s.getInteger("attempts", 0);
      each.add(e.getKey() + " " + s.getString("state") + (attempts == 0 ? "" : " (" + attempts + " attempt" + (attempts == 1 ? "" : "s") + ")"));
    });
    return "steps " + done + "/" + steps.size() + " done: " + String.join(", ", each);
  }

  /** One line per window of a list. */
  public static List<String> list(JsonArray windows) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%-28s %-17s %-21s %-12s %s", "WINDOW", "STATUS", "START", "ENVIRONMENT", "TITLE"));
    for (Object o : windows) {
      JsonObject w = (JsonObject) o;
      lines.add(String.format(Locale.ROOT, "%-28s %-17s %-21s %-12s %s", w.getString("windowId"), w.getString("status"),
          w.getString("scheduledStart") == null ? "-" : w.getString("scheduledStart"), w.getString("environment"), w.getString("title")));
    }
    return lines;
  }

  /** The violations of a rejected request, from its WindowRejected timeline entry. */
  public static List<String> rejection(JsonObject w) {
    List<String> lines = new ArrayList<>();
    for (Object o : array(w, "timeline")) {
      JsonObject e = (JsonObject) o;
      if ("WindowRejected".equals(e.getString("event"))) {
        for (Object v : detail(e).getJsonArray("violations", new JsonArray())) {
          JsonObject violation = (JsonObject) v;
          String field = violation.getString("field", "");
          lines.add("  " + (field.isEmpty() ? "(request)" : field) + ": " + violation.getString("code") + " — " + violation.getString("message"));
        }
      }
    }
    return lines;
  }

  /** A timeline entry's detail (the event's fields) as JSON; empty if it is not JSON. */
  public static JsonObject detail(JsonObject timelineEntry) {
    try {
      return new JsonObject(timelineEntry.getString("detail", "{}"));
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static JsonArray array(JsonObject w, String key) {
    return w.getJsonArray(key, new JsonArray());
  }
}
