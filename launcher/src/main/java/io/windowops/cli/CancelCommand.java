package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cancel", description = "Cancels a window that has not opened (POST /windows/ID/cancel); an open window is aborted instead. Needs the requester or operator role.")
final class CancelCommand extends WindowActionCommand {

  @Option(names = "--reason", required = false, description = "Why; recorded in the audit and shown in notices.")
  String reason;

  @Override
  String action() {
    return "/cancel";
  }

  @Override
  String command() {
    return "CancelRequested";
  }

  @Override
  JsonObject body() {
    return reason(reason);
  }
}
