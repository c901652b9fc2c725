package io.windowops.cli;

import io.windowops.client.ProgressView;
import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import io.windowops.client.WindowText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    description = {
      "Shows one window (GET /windows/ID: status, slot, approvals, steps, deadlines, failure), or"
          + " lists windows (GET /windows, with filters). With --follow, a live progress view: it"
          + " prints each new fact (step started, succeeded, failed, validation, rollback) and where"
          + " the steps stand, until the window ends."
    },
    footer = {
      "  0  done (with --follow: the window COMPLETED)",
      "  1  the API refused the call (4xx); its error is printed",
      "  2  usage error",
      "  3  no such window",
      "  4  the scheduler cannot be reached, or answered 5xx",
      "  5  with --follow: the window ended otherwise (FAILED, ROLLED_BACK,",
      "     ROLLBACK_FAILED, CANCELLED, MISSED, REJECTED)"
    })
final class StatusCommand extends ApiCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "WINDOW_ID", description = "The window; omit to list windows.")
  String windowId;

  @Option(names = {"-f", "--follow"}, description = "Follow the window until it ends, printing its progress.")
  boolean follow;

  @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
      description = "How often --follow asks (default: ${DEFAULT-VALUE} s).")
  double interval;

  @Option(names = "--patience", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long --follow waits for a scheduler that stops answering (default: ${DEFAULT-VALUE} s).")
  double patience;

  @Option(names = "--state", description = "List only windows in this status, e.g. SCHEDULED.")
  String state;

  @Option(names = "--environment", description = "List only windows of this environment.")
  String environment;

  @Option(names = "--service", description = "List only windows touching this service.")
  String service;

  @Option(names = "--upcoming", description = "List only windows that start in the future.")
  boolean upcoming;

  @Override
  int run(SchedulerClient api, PrintWriter out) throws UnreachableException {
    if (windowId == null) {
      if (follow) {
        throw new ParameterException(spec.commandLine(), "--follow needs a WINDOW_ID");
      }
      return list(api, out);
    }
    if (interval < 0.1) {
      throw new ParameterException(spec.commandLine(), "--interval must be at least 0.1 seconds");
    }
    String path = SchedulerClient.windowPath(windowId, "");
    if (!follow) {
      Answer answer = api.get(path);
      if (!answer.ok()) {
        return failed(answer);
      }
      if (format == Format.json) {
        printJson(answer);
      } else {
        WindowText.window(answer.body()).forEach(out::println);
      }
      return ExitCodes.OK;
    }
    return follow(api, path, out);
  }

  /**
   * Polls until the window ends. A scheduler that stops answering for a while (a restart, a
   * failover to another instance) is waited for up to --patience seconds before giving up.
   */
  private int follow(SchedulerClient api, String path, PrintWriter out) {
    ProgressView view = new ProgressView();
    long silentSince = 0;
    while (true) {
      Answer answer = null;
      String silence = null;
      try {
        answer = api.get(path);
        silence = answer.status() >= 500 ? answer.error() : null; // starting, or failing over
      } catch (UnreachableException e) {
        silence = e.getMessage();
      }
      if (silence != null) {
        if (silentSince == 0) {
          silentSince = System.nanoTime();
          err().println(silence + "; still following for up to " + patience + " s");
          err().flush();
        } else if (System.nanoTime() - silentSince > (long) (patience * 1e9)) {
          err().println(silence);
          err().flush();
          return ExitCodes.UNREACHABLE;
        }
      } else if (!answer.ok()) {
        return failed(answer);
      } else {
        silentSince = 0;
        var lines = view.update(answer.body());
        if (format == Format.json && !lines.isEmpty()) {
          out.println(answer.body().encode()); // one JSON object per poll that changed something
        } else if (format == Format.text) {
          lines.forEach(out::println);
        }
        out.flush();
        if (view.ended()) {
          return "COMPLETED".equals(view.status()) ? ExitCodes.OK : ExitCodes.WINDOW_NOT_COMPLETED;
        }
      }
      try {
        Thread.sleep((long) (interval * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.UNREACHABLE;
      }
    }
  }

  private int list(SchedulerClient api, PrintWriter out) throws UnreachableException {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("state", state);
    filters.put("environment", environment);
    filters.put("service", service);
    filters.put("upcoming", upcoming ? "true" : null);
    Answer answer = api.get("/windows" + SchedulerClient.query(filters));
    if (!answer.ok()) {
      return failed(answer);
    }
    if (format == Format.json) {
      printJson(answer);
    } else {
      WindowText.list(answer.body().getJsonArray("windows")).forEach(out::println);
    }
    return ExitCodes.OK;
  }
}
