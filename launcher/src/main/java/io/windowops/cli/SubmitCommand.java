package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import io.windowops.client.RequestFile;
import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import io.windowops.client.WindowText;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "submit",
    description = {
      "Requests a maintenance window from a JSON or YAML request file (POST /windows; e.g."
          + " examples/window-request.yaml). The window id is the idempotency key: submitting the"
          + " same file again changes nothing. Prints the policy's decision: scheduled, waiting for"
          + " approval, or rejected with every field at fault (exit 1); exit 7 when the scheduler has not"
          + " decided within the API's wait. Needs the requester role."
    })
final class SubmitCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The window request (.json, .yaml or .yml).")
  Path file;

  @Override
  int run(SchedulerClient api, PrintWriter out) throws UnreachableException {
    JsonObject request = RequestFile.read(file);
    Answer answer = api.post("/windows", request);
    if (format == Format.json && answer.body() != null && (answer.ok() || answer.status() == 422)) {
      printJson(answer);
      return answer.ok() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
    switch (answer.status()) {
      case 201 -> WindowText.window(answer.body()).forEach(out::println);
      case 200 -> {
        out.println("Already requested (same window id); nothing changed:");
        WindowText.window(answer.body()).forEach(out::println);
      }
      case 202 -> {
        out.println(answer.body().getString("windowId") + " recorded; the scheduler has not decided yet"
            + " (see: windowops status " + answer.body().getString("windowId") + ")");
        return ExitCodes.PENDING;
      }
      case 422 -> {
        err().println(answer.body().getString("windowId") + " REJECTED by the policy:");
        WindowText.rejection(answer.body()).forEach(err()::println);
        err().flush();
        return ExitCodes.REFUSED;
      }
      default -> {
        return failed(answer);
      }
    }
    return ExitCodes.OK;
  }
}
