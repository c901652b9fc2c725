package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "resume", description = "Resumes a paused window (POST /windows/ID/resume). Needs the operator role.")
final class ResumeCommand extends WindowActionCommand {

  @Option(names = "--reason", required = false, description = "Why; recorded in the audit and shown in notices.")
  String reason;

  @Override
  String action() {
    return "/resume";
  }

  @Override
  String command() {
    return "ResumeRequested";
  }

  @Override
  JsonObject body() {
    return reason(reason);
  }
}
