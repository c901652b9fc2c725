package io.windowops.scheduler.saga;

import io.windowops.events.CompensateStep;
import io.windowops.events.DeadlineKind;
import io.windowops.events.ExecutionKind;
import io.windowops.events.FailureCause;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepProgress;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStarted;
import io.windowops.events.StepState;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure path: stop starting anything, cancel the steps still running (a CancelStep each, so
 * an aborted soak or a hung command does not hold the rollback for its whole duration) and wait
 * for their outcomes, then compensate in reverse order, one at a time, each with the step's
 * retries, every step that succeeded and every step whose effect is unknown (it timed out or was
 * interrupted: it may have changed something). The compensation of an unknown effect is sent as
 * idempotent-only: the executor runs it only if the catalog declares it idempotent, else it fails.
 * Each compensation is time-boxed by the step's timeout; past it, it is cancelled (CancelStep of
 * kind COMPENSATION) in the same decision that retries it or gives up. The first compensation that
 * fails for good stops the rollback (undoing earlier steps under a later one that is still in place
 * could do harm) and escalates: ROLLBACK_FAILED, naming the step, with a FAILURE notice for a
 * person. A window is never ROLLED_BACK while an unknown effect is left without its compensation.
 */
final class Rollback {

  private static final String RETRY = "COMPENSATION_RETRY:";
  private static final String TIMEOUT = "COMPENSATION_TIMEOUT:";

  private final Notices notices;

  Rollback(Notices notices) {
    this.notices = notices;
  }

  void start(Change c, FailureCause cause, String detail, String stepId) {
    c.state.setStatus(WindowStatus.ROLLING_BACK);
    c.state.setFailureCause(cause);
    c.state.setFailureDetail(detail);
    c.state.setPauseRequested(false);
    c.state.setValidationId(null);
    c.state.setValidationPhase(null);
    c.state.getDeadlines().removeIf(d -> d.getKind() != DeadlineKind.STEP_TIMEOUT);
    c.state.getSteps().forEach((id, p) -> {
      switch (p.getState()) {
        case PENDING, WAITING_APPROVAL -> p.setState(StepState.SKIPPED);
        case RETRY_WAIT -> {
          p.setState(StepState.FAILED);
          p.setFinishedAt(c.now);
        }
        default -> { }
      }
    });
    c.emit(new RollbackStarted(cause, detail, stepId, toCompensate(c)));
    cancelRunning(c, cause + ": " + detail);
    notices.event(c, "failure", NoticeKind.FAILURE, detail);
    proceed(c);
  }

  /**
   * A running step stays RUNNING until its outcome arrives (INTERRUPTED once the executor has
   * cancelled it; its STEP_TIMEOUT stays armed in case the executor never answers), so the
   * compensations still start only when nothing runs.
   */
  private static void cancelRunning(Change c, String reason) {
    c.state.getSteps().forEach((id, p) -> {
      if (p.getState() == StepState.RUNNING) {
        c.cancel(id, p.getAttempts(), ExecutionKind.STEP, reason);
      }
    });
  }

  /** Starts the next compensation, or finishes, once nothing is in flight. */
  void proceed(Change c) {
    boolean busy = c.state.getSteps().values().stream().anyMatch(p -> Steps.inFlight(p.getState()));
    if (busy) {
      return;
    }
    List<String> next = toCompensate(c);
    if (!next.isEmpty()) {
      compensate(c, next.get(0), 1);
      return;
    }
    List<String> done = compensated(c);
    c.state.setStatus(WindowStatus.ROLLED_BACK);
    c.state.getDeadlines().clear();
    c.emit(new WindowRolledBack(c.state.getFailureCause(), done));
    notices.event(c, "rolled-back", NoticeKind.ROLLBACK, c.state.getFailureDetail());
  }

  boolean onOutcome(Change c, StepOutcome o) {
    StepProgress p = c.state.getSteps().get(o.getStepId());
    if (p == null
        || p.getState() != StepState.COMPENSATING
        || o.getAttempt() != p.getCompensationAttempts()
        || c.deadline(RETRY + o.getStepId()).isPresent()) {
      return false;
    }
    StepSpec spec = Steps.spec(c.state.getRequest(), o.getStepId());
    switch (o.getStatus()) {
      case STARTED -> c.emit(new StepStarted(o.getStepId(), ExecutionKind.COMPENSATION, o.getAttempt(), o.getAction()));
      case SUCCEEDED -> {
        c.disarm(TIMEOUT + o.getStepId());
        p.setState(StepState.COMPENSATED);
        p.setOutcomeUnknown(false);
        p.setFinishedAt(c.now);
        c.emit(new StepSucceeded(o.getStepId(), ExecutionKind.COMPENSATION, o.getAttempt(), o.getExitCode(), o.getOutputs()));
        proceed(c);
      }
      default -> failed(c, spec, p, o.getStatus(), o.getError() == null ? o.getStatus().name() : o.getError(), o.getNotStarted());
    }
    return true;
  }

  /** A compensation deadline fired: its retry is due, or its outcome never came. */
  boolean onTimer(Change c, String timerId, String stepId) {
    StepProgress p = c.state.getSteps().get(stepId);
    if (p == null || p.getState() != StepState.COMPENSATING || c.status() != WindowStatus.ROLLING_BACK) {
      return false;
    }
    StepSpec spec = Steps.spec(c.state.getRequest(), stepId);
    if (timerId.startsWith(RETRY)) {
      compensate(c, stepId, p.getCompensationAttempts() + 1);
    } else {
      String error = "no compensation outcome within " + (spec.getTimeoutSeconds() + Steps.OUTCOME_MARGIN.toSeconds()) + "s";
      // Stop the overdue attempt before a retry or a person takes over, so two never overlap.
      c.cancel(stepId, p.getCompensationAttempts(), ExecutionKind.COMPENSATION, "COMPENSATION_TIMEOUT: " + error);
      failed(c, spec, p, StepStatus.TIMED_OUT, error, false);
    }
    return true;
  }

  static boolean owns(String timerId) {
    return timerId.startsWith(RETRY) || timerId.startsWith(TIMEOUT);
  }

  private void failed(Change c, StepSpec spec, StepProgress p, StepStatus status, String error, boolean notStarted) {
    String stepId = spec.getStepId();
    c.disarm(TIMEOUT + stepId);
    p.setLastError(error);
    int attempt = p.getCompensationAttempts();
    if (Execution.unknownEffect(status, notStarted)) {
      p.setOutcomeUnknown(true); // half undone, perhaps: a retry must be idempotent
    }
    boolean retry = status != StepStatus.INTERRUPTED && attempt <= spec.getMaxRetries();
    if (retry) {
      Instant next = c.now.plus(Steps.backoff(spec, attempt));
      c.arm(RETRY + stepId, DeadlineKind.STEP_RETRY, next, stepId);
      c.emit(new StepFailed(stepId, ExecutionKind.COMPENSATION, attempt, status, error, true, next));
      return;
    }
    p.setState(StepState.COMPENSATION_FAILED);
    p.setFinishedAt(c.now);
    c.emit(new StepFailed(stepId, ExecutionKind.COMPENSATION, attempt, status, error, false, null));
    c.state.setStatus(WindowStatus.ROLLBACK_FAILED);
    c.state.getDeadlines().clear();
    String detail = "compensation of " + stepId + " failed: " + error;
    c.emit(new WindowRollbackFailed(c.state.getFailureCause(), compensated(c), List.of(stepId), detail));
    notices.event(c, "rollback-failed", NoticeKind.FAILURE, detail);
  }

  private void compensate(Change c, String stepId, int attempt) {
    StepSpec spec = Steps.spec(c.state.getRequest(), stepId);
    StepProgress p = c.state.getSteps().get(stepId);
    c.disarm(RETRY + stepId);
    p.setState(StepState.COMPENSATING);
    p.setCompensationAttempts(attempt);
    c.command(
        CompensateStep.newBuilder()
            .setStepId(stepId)
            .setAttempt(attempt)
            .setCompensation(spec.getCompensation())
            .setTimeoutSeconds(spec.getTimeoutSeconds())
            .setStepOutputs(p.getOutputs())
            .setEnvironment(c.state.getRequest().getEnvironment())
            .setServices(List.copyOf(c.state.getRequest().getServices()))
            .setIdempotentOnly(p.getOutcomeUnknown())
            .build());
    c.arm(TIMEOUT + stepId, DeadlineKind.STEP_TIMEOUT,
        c.now.plusSeconds(spec.getTimeoutSeconds()).plus(Steps.OUTCOME_MARGIN), stepId);
  }

  /** Steps with a compensation that succeeded or whose effect is unknown, last first. */
  private static List<String> toCompensate(Change c) {
    List<String> ids = new ArrayList<>();
    List<StepSpec> specs = c.state.getRequest().getSteps();
    for (int i = specs.size() - 1; i >= 0; i--) {
      StepSpec s = specs.get(i);
      StepProgress p = c.state.getSteps().get(s.getStepId());
      boolean mayHaveChanged = p.getState() == StepState.SUCCEEDED || (p.getState() == StepState.FAILED && p.getOutcomeUnknown());
      if (mayHaveChanged && s.getCompensation() != null && !isGate(s)) {
        ids.add(s.getStepId());
      }
    }
    return ids;
  }

  private static List<String> compensated(Change c) {
    List<String> ids = new ArrayList<>();
    List<StepSpec> specs = c.state.getRequest().getSteps();
    for (int i = specs.size() - 1; i >= 0; i--) {
      String id = specs.get(i).getStepId();
      if (c.state.getSteps().get(id).getState() == StepState.COMPENSATED) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static boolean isGate(StepSpec s) {
    return Steps.APPROVAL_ACTION.equals(s.getAction());
  }
}
