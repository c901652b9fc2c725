package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the window saga asks of the maintenance policy. Pure: no I/O and no clock reads, so the
 * saga stays a pure function; every instant it needs is passed in.
 */
public interface WindowPolicy {

  /**
   * The lead time of a notice due "as soon as the window is scheduled" (an emergency's immediate
   * notice): longer than any real lead, so it is always past due when the window is scheduled.
   */
  Duration IMMEDIATE = Duration.ofDays(3653);

  /**
   * Every reason the plan breaks policy, each naming the field it concerns: outside the
   * environment's allowed slots, inside a freeze (unless an emergency override applies; then
   * {@link #approvals} demands more), longer than the type's max duration, less notice than the
   * type requires, an unknown environment, or overlapping another window on the same service and
   * environment ({@code others}), or over the environment's concurrent-window limit. Empty when
   * the plan is allowed.
   */
  List<Violation> check(WindowPlan plan, List<Reservation> others, Instant now);

  /**
   * The earliest start at or after {@code earliest} where a window of {@code duration} fits an
   * allowed slot of the environment, outside freezes, with the type's notice honoured relative to
   * {@code now}, and without conflicting with {@code others}; empty if none within a year.
   */
  Optional<Instant> nextAllowedStart(
      String environment,
      List<String> services,
      MaintenanceType type,
      Duration duration,
      Instant earliest,
      Instant now,
      List<Reservation> others);

  /** The notices a window of this type needs, each with its lead time before the start. */
  List<NoticeRequirement> notices(MaintenanceType type);

  /** The approvals a window needs; more when it overrides a freeze (emergency only). */
  ApprovalRule approvals(MaintenanceType type, boolean overridesFreeze);

  /** Whether the plan falls inside a freeze period (and so needs an emergency override). */
  boolean inFreeze(WindowPlan plan);

  /** How late a window may still open when its start passed while nobody ran it; else MISSED. */
  Duration lateStartGrace(String environment);

  /** No new step starts when less than this remains before the window's end. */
  Duration stepCutoff(MaintenanceType type);

  /**
   * How often an open window of this type announces its progress (a PROGRESS notice), on top of
   * the notice each finished step sends. 15 minutes unless the policy says otherwise.
   */
  default Duration progressInterval(MaintenanceType type) {
    return Duration.ofMinutes(15);
  }

  /**
   * Who is notified, and when after the alert started, while an alert-triggered window of this
   * severity ({@code P0}..{@code P3}) is not completed; empty for an unknown severity.
   */
  default List<EscalationLevel> escalation(String severity) {
    return List.of();
  }

  /** Window-level approvals of an alert-triggered window: none unless the policy asks for some. */
  default ApprovalRule alertApprovals() {
    return new ApprovalRule(List.of(), 0, true);
  }

  /** One level of an escalation matrix: {@code escalateTo} is notified {@code after} the alert started. */
  record EscalationLevel(String escalateTo, Duration after) {}

  /** A window as the policy sees it. */
  record WindowPlan(
      String windowId,
      String environment,
      List<String> services,
      MaintenanceType type,
      Instant start,
      Instant end,
      String requester) {}

  /** Another window holding its time on some services of an environment. */
  record Reservation(
      String windowId, String environment, List<String> services, Instant start, Instant end) {}

  /**
   * One notice a type requires: {@code leadTime} before the start ({@code ZERO} = at start);
   * {@code atCompletion} marks the completion notice, which has no lead time.
   */
  record NoticeRequirement(String noticeId, Duration leadTime, boolean atCompletion) {}

  /**
   * Approvals: {@code count} distinct approvers, each holding one of {@code roles}; with {@code
   * fourEyes} the requester may never approve their own window.
   */
  record ApprovalRule(List<String> roles, int count, boolean fourEyes) {}
}
