package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pause", description = "Pauses a running window after the stage in progress (POST /windows/ID/pause). Needs the operator role.")
final class PauseCommand extends WindowActionCommand {

  @Option(names = "--reason", required = false, description = "Why; recorded in the audit and shown in notices.")
  String reason;

  @Override
  String action() {
    return "/pause";
  }

  @Override
  String command() {
    return "PauseRequested";
  }

  @Override
  JsonObject body() {
    return reason(reason);
  }
}
