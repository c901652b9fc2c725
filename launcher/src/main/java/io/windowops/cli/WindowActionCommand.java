package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import io.windowops.client.WindowText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A command on one window (approve, reschedule, abort, pause, resume, cancel): the API records it
 * (202, with the command's event id) and the scheduler decides. The command then watches the
 * window for up to --wait seconds for the decision on ITS event id, not any change: a
 * CommandRejected caused by it is a refusal (exit 1, with the saga's reasons); a fact caused by
 * it, or the window having applied it, is done (exit 0); no decision yet is exit 7.
 */
abstract class WindowActionCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "WINDOW_ID", description = "The window, e.g. MNT-2026-0042.")
  String windowId;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
      description = "How long to wait for the scheduler's decision (default: ${DEFAULT-VALUE}; 0: do not wait).")
  double waitSeconds;

  /** The path after /windows/ID, e.g. "/abort". */
  abstract String action();

  /** The request's record name, as a refusal names it, e.g. "AbortRequested". */
  abstract String command();

  abstract JsonObject body();

  @Override
  final int run(SchedulerClient api, PrintWriter out) throws UnreachableException {
    String path = SchedulerClient.windowPath(windowId, "");
    Answer before = api.get(path);
    if (!before.ok()) {
      return failed(before);
    }
    Answer accepted = api.post(path + action(), body());
    if (!accepted.ok()) {
      return failed(accepted);
    }
    if (format == Format.json) {
      printJson(accepted);
    } else {
      out.println(command() + " for " + windowId + " recorded by " + accepted.body().getString("actor")
          + " (event " + accepted.body().getString("eventId") + ")");
    }
    out.flush();
    return waitSeconds <= 0 ? ExitCodes.OK : decision(api, path, accepted.body().getString("eventId"), out);
  }

  /** Watches the window until the decision on {@code eventId} shows. */
  private int decision(SchedulerClient api, String path, String eventId, PrintWriter out) throws UnreachableException {
    long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
    while (System.nanoTime() < deadline) {
      Answer now = api.get(path);
      if (!now.ok()) {
        return failed(now);
      }
      JsonObject w = now.body();
      List<String> refusals = refusals(w, eventId);
      if (!refusals.isEmpty()) {
        err().println(command() + " REFUSED by the scheduler:");
        refusals.forEach(err()::println);
        err().flush();
        return ExitCodes.REFUSED;
      }
      if (decided(w, eventId)) {
        if (format == Format.text) {
          WindowText.window(w).forEach(out::println);
        }
        return ExitCodes.OK;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (format == Format.text) {
      out.println("The scheduler has not decided yet; see: windowops status " + windowId);
    }
    return ExitCodes.PENDING;
  }

  /**
   * Taken: a fact caused by the command, or (for a command that need not emit one, such as an
   * approval that is not yet the last) the window listing it as applied. A reschedule is applied
   * when its slot claim is answered, so only its facts or its granted claim count.
   */
  private boolean decided(JsonObject w, String eventId) {
    boolean caused = timeline(w).stream().anyMatch(e -> eventId.equals(e.getString("causationId")));
    if (caused || eventId.equals(w.getString("reservationId"))) {
      return true;
    }
    return !"RescheduleRequested".equals(command())
        && !"REQUESTED".equals(w.getString("status")) // a command kept until the slot is answered is not decided
        && w.getJsonArray("appliedEventIds", new io.vertx.core.json.JsonArray()).contains(eventId);
  }

  /** Reasons of the CommandRejected caused by {@code eventId}. */
  private static List<String> refusals(JsonObject w, String eventId) {
    List<String> reasons = new ArrayList<>();
    for (JsonObject e : timeline(w)) {
      JsonObject detail = WindowText.detail(e);
      if (eventId.equals(e.getString("causationId")) && "CommandRejected".equals(e.getString("event"))) {
        for (Object v : detail.getJsonArray("violations", new io.vertx.core.json.JsonArray())) {
          JsonObject violation = (JsonObject) v;
          String field = violation.getString("field", "");
          reasons.add("  " + (field.isEmpty() ? "(request)" : field) + ": " + violation.getString("code") + " — " + violation.getString("message"));
        }
      }
    }
    return reasons;
  }

  private static List<JsonObject> timeline(JsonObject w) {
    List<JsonObject> events = new ArrayList<>();
    for (Object o : w.getJsonArray("timeline", new io.vertx.core.json.JsonArray())) {
      events.add((JsonObject) o);
    }
    return events;
  }

  static JsonObject reason(String reason) {
    return reason == null ? new JsonObject() : new JsonObject().put("reason", reason);
  }
}
