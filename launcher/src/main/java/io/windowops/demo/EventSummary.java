package io.windowops.demo;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line saying what an event carries that a person watching cares about (the step, action,
 * outcome, verdict, measured values, notice), from the event's Avro JSON rendering. Fields
 * an event does not have are left out; anything else is in {@code windowops audit}.
 */
final class EventSummary {

  private static final int MAX = 150;
  private static final List<String> FIELDS = List.of(
      "stepId", "title", "kind", "attempt", "action", "status", "phase", "verdict", "cause", "approver", "role",
      "noticeId", "messageKey", "channel", "target", "failedCriteria", "toCompensate", "compensated",
      "outputs", "measurements", "error", "detail");

  private EventSummary() {}

  static String of(String avroJson) {
    JsonObject e;
    try {
      e = new JsonObject(avroJson);
    } catch (DecodeException | ClassCastException notJson) {
      return shorten(avroJson);
    }
    List<String> parts = new ArrayList<>();
    for (String field : FIELDS) {
      Object v = field.equals("action") ? action(e) : e.getValue(field);
      String text = render(field, v);
      if (text != null) {
        parts.add(field.equals("stepId") ? text : field + "=" + text);
      }
    }
    return shorten(String.join(" ", parts));
  }

  /** The action run: a RunStep names it in its step, a CompensateStep in its compensation. */
  private static Object action(JsonObject e) {
    if (e.getValue("action") instanceof String a) {
      return a;
    }
    for (String holder : List.of("step", "compensation")) {
      if (e.getValue(holder) instanceof JsonObject o && o.getValue("action") instanceof String a) {
        return a;
      }
    }
    return null;
  }

  private static String render(String field, Object v) {
    if (v == null || (v instanceof String s && s.isBlank())) {
      return null;
    }
    if (field.equals("attempt") && v instanceof Number n && n.intValue() <= 1) {
      return null; // first attempts are the rule; only retries are news
    }
    if (field.equals("kind") && "STEP".equals(v)) {
      return null;
    }
    if (v instanceof JsonArray a) {
      if (a.isEmpty()) {
        return null;
      }
      return field.equals("measurements") ? measurements(a) : String.join(",", a.stream().map(String::valueOf).toList());
    }
    if (v instanceof JsonObject o) {
      if (o.isEmpty()) {
        return null;
      }
      List<String> pairs = new ArrayList<>();
      for (Map.Entry<String, Object> entry : o) {
        pairs.add(entry.getKey() + ":" + entry.getValue());
      }
      return "{" + String.join(",", pairs) + "}";
    }
    return String.valueOf(v);
  }

  /** Each measurement as {@code criterion#n=value(VERDICT)}. */
  private static String measurements(JsonArray all) {
    List<String> out = new ArrayList<>();
    for (Object m : all) {
      if (m instanceof JsonObject o) {
        Object value = o.getValue("value");
        String shown = value instanceof Number n ? number(n.doubleValue()) : "none";
        out.add(o.getString("criterionId") + "#" + o.getValue("index") + "=" + shown + "(" + o.getValue("verdict") + ")");
      }
    }
    return "[" + String.join(" ", out) + "]";
  }

  /** Whole numbers as such (bytes), others with four significant digits (ratios). */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String shorten(String s) {
    String flat = s.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX ? flat : flat.substring(0, MAX - 1) + "…";
  }
}
