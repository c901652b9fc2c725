package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "abort", description = "Aborts an open window: the running step is cancelled and the completed steps are compensated in reverse order (POST /windows/ID/abort). Needs the operator role.")
final class AbortCommand extends WindowActionCommand {

  @Option(names = "--reason", required = true, description = "Why; recorded in the audit and shown in notices.")
  String reason;

  @Override
  String action() {
    return "/abort";
  }

  @Override
  String command() {
    return "AbortRequested";
  }

  @Override
  JsonObject body() {
    return reason(reason);
  }
}
