package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "approve",
    description = "Approves a window waiting for approval (POST /windows/ID/approve), as the token's principal."
        + " Refused when the approver requested the window (four-eyes), holds no role the policy accepts,"
        + " or already approved. Needs the approver role.")
final class ApproveCommand extends WindowActionCommand {

  @Option(names = "--role", description = "The approval role to approve under (default: the token's first approval role).")
  String role;

  @Option(names = "--comment", description = "A comment kept in the audit.")
  String comment;

  @Override
  String action() {
    return "/approve";
  }

  @Override
  String command() {
    return "ApprovalGiven";
  }

  @Override
  JsonObject body() {
    JsonObject body = new JsonObject();
    if (role != null) {
      body.put("role", role);
    }
    if (comment != null) {
      body.put("comment", comment);
    }
    return body;
  }
}
