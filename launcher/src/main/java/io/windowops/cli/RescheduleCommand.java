package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "reschedule",
    description = "Moves a window that has not opened (POST /windows/ID/reschedule). The policy checks the new"
        + " slot; approvals given for the old plan are void, so the window asks for approval again."
        + " Needs the requester or operator role.")
final class RescheduleCommand extends WindowActionCommand {

  @Option(names = "--start", converter = InstantConverter.class, paramLabel = "TIME",
      description = "New start (required unless --next-allowed-slot).")
  Instant start;

  @Option(names = "--end", converter = InstantConverter.class, paramLabel = "TIME", description = "New end.")
  Instant end;

  @Option(names = "--duration", paramLabel = "MINUTES", description = "New duration when no --end is given (default: the current one).")
  Integer durationMinutes;

  @Option(names = "--next-allowed-slot", description = "If the new time is not allowed, take the next allowed slot instead of refusing.")
  boolean nextAllowedSlot;

  @Option(names = "--reason", description = "Why; shown in the reschedule notice and the audit.")
  String reason;

  @Override
  String action() {
    return "/reschedule";
  }

  @Override
  String command() {
    return "RescheduleRequested";
  }

  @Override
  JsonObject body() {
    JsonObject body = reason(reason);
    if (start != null) {
      body.put("requestedStart", start.toString());
    }
    if (end != null) {
      body.put("requestedEnd", end.toString());
    }
    if (durationMinutes != null) {
      body.put("durationMinutes", durationMinutes);
    }
    if (nextAllowedSlot) {
      body.put("useNextAllowedSlot", true);
    }
    return body;
  }
}
