package io.windowops.cli;

import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that wraps the scheduler's REST API shares: where the API is, the bearer
 * token (from the environment by default, never printed), text or JSON output, and one mapping
 * of answers to exit codes.
 */
@Command(
    mixinStandardHelpOptions = true,
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done",
      "  1  the API refused the call (4xx: bad request, bad token, missing role)",
      "     or the scheduler refused the command; the reasons and fields are printed",
      "  2  usage error (bad option, unreadable file)",
      "  3  no such window",
      "  4  the scheduler cannot be reached, or answered 5xx"
    })
abstract class ApiCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:WINDOWOPS_URL:-http://127.0.0.1:8080}",
      description = "The scheduler API (default: WINDOWOPS_URL, else http://127.0.0.1:8080).")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:WINDOWOPS_TOKEN}",
      description = "Bearer token (default: WINDOWOPS_TOKEN; prefer the variable, a command line is visible to other users). Never printed.")
  String token;

  @Option(names = "--format", description = "text (default) or json (the API's own JSON).", defaultValue = "text")
  Format format;

  /** Does the command's calls; returns its exit code. */
  abstract int run(SchedulerClient api, PrintWriter out) throws UnreachableException;

  @Override
  public final Integer call() {
    SchedulerClient api;
    try {
      api = new SchedulerClient(url, token);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url: " + e.getMessage());
    }
    try {
      int exit = run(api, out());
      out().flush();
      return exit;
    } catch (UnreachableException e) {
      err().println(e.getMessage());
      err().flush();
      return ExitCodes.UNREACHABLE;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** A refusal, a missing window or a server error: says so and returns its exit code. */
  int failed(Answer answer) {
    err().println(answer.error());
    if (answer.status() == 401) {
      err().println("  (set WINDOWOPS_TOKEN or --token to a token the API knows)");
    }
    err().flush();
    if (answer.status() == 404) {
      return ExitCodes.NOT_FOUND;
    }
    return answer.status() >= 500 ? ExitCodes.UNREACHABLE : ExitCodes.REFUSED;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(Answer answer) {
    out().println(answer.body() == null ? answer.text() : answer.body().encodePrettily());
  }
}
