package io.windowops.scheduler.review;

import io.windowops.events.ExecutionKind;
import io.windowops.events.MaintenanceType;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The review written for a finished window: planned against actual time, how punctual the
 * notices were, how the success checks went, what ran, what failed, incidents meanwhile and how
 * the rollback ended. Built by {@link ReviewBuilder} from recorded facts only.
 */
public record PostMaintenanceReview(
    String windowId,
    String title,
    MaintenanceType type,
    String environment,
    List<String> services,
    String requester,
    WindowStatus finalState,
    Instant plannedStart,
    Instant plannedEnd,
    Instant openedAt,
    Instant endedAt,
    Notices notices,
    Checks checks,
    List<StepLine> steps,
    List<IncidentWindow> incidents,
    List<String> failures,
    Rollback rollback) {

  /** A notice counts as on time when its first delivery came within this of its due time. */
  public static final Duration ON_TIME_TOLERANCE = Duration.ofMinutes(1);

  public Duration plannedDuration() {
    return Duration.between(plannedStart, plannedEnd);
  }

  /** Null when the window never opened (cancelled, missed). */
  public Duration actualDuration() {
    return openedAt == null || endedAt == null ? null : Duration.between(openedAt, endedAt);
  }

  /** Notices the saga issued and how their deliveries went. */
  public record Notices(int issued, int onTime, int late, int notDelivered, Map<String, Integer> deliveriesByChannel) {
    /** Null when no notice was due. */
    public Integer onTimePercent() {
      return percent(onTime, issued);
    }
  }

  /** Measurements of the preflight and post-change checks (baseline readings are not checks). */
  public record Checks(int measured, int passed, int failed, int inconclusive, List<String> failedCriteria) {
    /** Null when nothing was measured. */
    public Integer passedPercent() {
      return percent(passed, measured);
    }
  }

  /** A step or compensation as it last ended. */
  public record StepLine(String stepId, ExecutionKind kind, String action, int attempts, String status, Integer exitCode, Duration duration) {}

  /** How the rollback ended: NOT_NEEDED, ROLLED_BACK or ROLLBACK_FAILED, and what was undone. */
  public record Rollback(String result, String cause, List<String> compensatedSteps) {}

  private static Integer percent(int part, int whole) {
    return whole == 0 ? null : (int) Math.floor(100.0 * part / whole);
  }
}
