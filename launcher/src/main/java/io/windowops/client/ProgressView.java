package io.windowops.client;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The live progress of a followed window, as lines appended to the terminal (so it reads the
 * same in a pipeline log): the window once, then each new scheduler fact with its step, status
 * change, error or verdict, and where the steps stand after each step fact.
 */
public final class ProgressView {

  public static final Set<String> TERMINAL =
      Set.of("COMPLETED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "CANCELLED", "MISSED", "REJECTED");

  private long lastSequence = -1;
  private String lastStatus;
  private String lastSteps;

  /** What to print for this poll of GET /windows/{id}; nothing when nothing changed. */
  public List<String> update(JsonObject window) {
    List<String> lines = new ArrayList<>();
    if (lastStatus == null) {
      lines.addAll(WindowText.window(window));
    }
    for (Object o : window.getJsonArray("timeline", new io.vertx.core.json.JsonArray())) {
      JsonObject e = (JsonObject) o;
      long sequence = e.getLong("sequence", 0L);
      if (sequence > lastSequence) {
        lastSequence = sequence;
        if (lastStatus != null || !TERMINAL.contains(window.getString("status"))) {
          lines.add(e.getString("occurredAt") + "  " + e.getString("event") + describe(WindowText.detail(e)));
        }
      }
    }
    String status = window.getString("status");
    if (lastStatus != null && !status.equals(lastStatus)) {
      lines.add("status " + lastStatus + " -> " + status);
    }
    String steps = WindowText.steps(window);
    if (lastStatus != null && !steps.equals(lastSteps)) {
      lines.add(steps);
    }
    lastStatus = status;
    lastSteps = steps;
    return lines;
  }

  public boolean ended() {
    return lastStatus != null && TERMINAL.contains(lastStatus);
  }

  public String status() {
    return lastStatus;
  }

  /** The fields of a fact that say what happened, e.g. "  step=second attempt=1 error=...". */
  private static String describe(JsonObject d) {
    StringBuilder s = new StringBuilder();
    for (String field : List.of("stepId", "kind", "attempt", "status", "exitCode", "cause", "verdict", "noticeId", "reason", "error", "detail")) {
      Object value = d.getValue(field);
      if (value != null && !(value instanceof JsonObject)) {
        s.append(' ').append(field).append('=').append(value);
      }
    }
    return s.toString();
  }
}
