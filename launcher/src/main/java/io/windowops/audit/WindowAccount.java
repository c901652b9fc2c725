package io.windowops.audit;

import io.windowops.audit.TimelineReader.Entry;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One window's audit, every fact in its place: the request, the policy's decisions, each
 * approval and whether it still counts, operator commands, notices per channel, each step
 * attempt, each validation measurement, the rollback and its compensations, and the final state.
 * Built by {@link AccountBuilder} from the topics alone.
 */
public record WindowAccount(
    String windowId,
    Range range,
    Request request,
    List<Decision> decisions,
    List<ApprovalFact> approvals,
    List<OperatorCommand> commands,
    List<Notice> notices,
    List<Step> steps,
    List<Validation> validations,
    List<Rollback> rollbacks,
    FinalState finalState,
    List<Entry> timeline) {

  /** The request as the scheduler received it (the latest one, if amended). */
  public record Request(Instant at, String actor, MaintenanceRequested request) {}

  /** A decision of the policy or the saga: scheduled, rejected, approval needed, command refused. */
  public record Decision(Instant at, String decision, String detail, List<String> violations) {}

  /** Whether an approval counts now. */
  public enum Standing {
    COUNTED,
    /** Refused when given (four-eyes, wrong role, twice, or the window was not waiting). */
    REFUSED,
    /** Counted once, then voided by a change of the plan. */
    VOIDED
  }

  public record ApprovalFact(
      Instant at, String approver, String role, String stepId, String comment, String eventId,
      Standing standing, String why, Instant changedAt) {

    ApprovalFact with(Standing standing, String why, Instant changedAt) {
      return new ApprovalFact(at, approver, role, stepId, comment, eventId, standing, why, changedAt);
    }
  }

  /** Reschedule, cancel, abort, pause or resume, by whom; {@code refusal} when the saga refused it. */
  public record OperatorCommand(Instant at, String actor, String command, String detail, String eventId, String refusal) {

    OperatorCommand refused(String why) {
      return new OperatorCommand(at, actor, command, detail, eventId, why);
    }
  }

  /** A notice the scheduler issued and its deliveries, one per channel and target. */
  public record Notice(String noticeId, String kind, Instant issuedAt, Instant dueAt, String detail, List<Delivery> deliveries) {}

  /** The latest word on one delivery: DELIVERED, FAILED (given up) or RETRYING. */
  public record Delivery(String channel, String target, String outcome, int attempts, Instant at, String externalId, String error) {}

  /** A step of the request and every attempt of its action and of its compensation. */
  public record Step(String stepId, String action, String compensationAction, List<Attempt> attempts) {}

  /**
   * One attempt as the executor reported it: STARTED until its end (SUCCEEDED, FAILED, TIMED_OUT,
   * INTERRUPTED), or COMMANDED when no outcome was seen.
   */
  public record Attempt(
      String stepId, String kind, int attempt, String action, Instant commandedAt, String status, Integer exitCode,
      Instant startedAt, Instant finishedAt, String error, boolean replayed, String cancelReason) {

    /** Run time of a finished attempt, or null. */
    public Duration duration() {
      return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
  }

  /** One validation phase: the criteria asked for, every measurement taken, the verdict. */
  public record Validation(
      String validationId, String phase, Instant requestedAt, List<String> criteria, String verdict,
      List<String> failedCriteria, List<String> inconclusiveCriteria, List<Measurement> measurements, Instant reportedAt) {}

  /** A rollback: why, the compensation plan, and how it ended. */
  public record Rollback(
      Instant at, String cause, String detail, String stepId, List<String> plan, List<String> compensated,
      List<String> failedCompensations, Instant endedAt) {}

  /** The state the window was left in at the end of the range, with the cause of a failure. */
  public record FinalState(String status, Instant at, String cause, String detail) {}

  /** Every compensation attempt, across steps, in the order they ran. */
  public List<Attempt> compensations() {
    return steps.stream()
        .flatMap(s -> s.attempts().stream())
        .filter(a -> "COMPENSATION".equals(a.kind()))
        .sorted(java.util.Comparator.comparing(a -> a.startedAt() != null ? a.startedAt() : a.commandedAt(),
            java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
        .toList();
  }
}
