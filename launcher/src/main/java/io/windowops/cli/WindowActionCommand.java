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
 * A command on one window (approve, abort, pause, resume, cancel): the API records it (202) and
 * the scheduler decides. The command then watches the window for up to --wait seconds and reports
 * the decision: a refusal (exit 1, with the saga's reasons) or the window's new state.
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
    return waitSeconds <= 0 ? ExitCodes.OK : decision(api, path, before.body(), out);
  }

  /** Watches the window until its state changes; a CommandRejected of this command is a refusal. */
  private int decision(SchedulerClient api, String path, JsonObject before, PrintWriter out) throws UnreachableException {
    long seen = lastSequence(before);
    long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
    while (System.nanoTime() < deadline) {
      Answer now = api.get(path);
      if (!now.ok()) {
        return failed(now);
      }
      JsonObject w = now.body();
      List<String> refusals = refusals(w, seen);
      if (!refusals.isEmpty()) {
        err().println(command() + " REFUSED by the scheduler:");
        refusals.forEach(err()::println);
        err().flush();
        return ExitCodes.REFUSED;
      }
      if (lastSequence(w) > seen || !w.getString("updatedAt", "").equals(before.getString("updatedAt", ""))) {
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
    return ExitCodes.OK;
  }

  /** Reasons of a CommandRejected for this command newer than {@code seen}. */
  private List<String> refusals(JsonObject w, long seen) {
    List<String> reasons = new ArrayList<>();
    for (Object o : w.getJsonArray("timeline", new io.vertx.core.json.JsonArray())) {
      JsonObject e = (JsonObject) o;
      JsonObject detail = WindowText.detail(e);
      if (e.getLong("sequence", 0L) > seen && "CommandRejected".equals(e.getString("event")) && command().equals(detail.getString("command"))) {
        for (Object v : detail.getJsonArray("violations", new io.vertx.core.json.JsonArray())) {
          JsonObject violation = (JsonObject) v;
          String field = violation.getString("field", "");
          reasons.add("  " + (field.isEmpty() ? "(request)" : field) + ": " + violation.getString("code") + " — " + violation.getString("message"));
        }
      }
    }
    return reasons;
  }

  private static long lastSequence(JsonObject w) {
    long last = 0;
    for (Object o : w.getJsonArray("timeline", new io.vertx.core.json.JsonArray())) {
      last = Math.max(last, ((JsonObject) o).getLong("sequence", 0L));
    }
    return last;
  }

  static JsonObject reason(String reason) {
    return reason == null ? new JsonObject() : new JsonObject().put("reason", reason);
  }
}
