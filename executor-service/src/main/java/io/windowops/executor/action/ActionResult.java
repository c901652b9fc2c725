package io.windowops.executor.action;

import io.windowops.events.StepStatus;
import java.util.Map;

/**
 * What one run produced. {@code output} is already redacted and truncated; {@code exitCode} is
 * set for commands only (HTTP actions record their status in {@code outputs.httpStatus}).
 */
public record ActionResult(
    StepStatus status,
    Integer exitCode,
    String output,
    boolean truncated,
    String error,
    Map<String, String> outputs) {

  public static ActionResult failed(String error) {
    return new ActionResult(StepStatus.FAILED, null, "", false, error, Map.of());
  }

  /** Stopped by a {@link Cancellation}: INTERRUPTED, with the error {@code cancelled: <reason>}. */
  public static ActionResult cancelled(String reason) {
    return new ActionResult(StepStatus.INTERRUPTED, null, "", false, Cancellation.error(reason), Map.of());
  }
}
