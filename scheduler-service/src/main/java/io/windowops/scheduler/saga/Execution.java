package io.windowops.scheduler.saga;

import io.windowops.events.Approval;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.DeadlineKind;
import io.windowops.events.ExecutionKind;
import io.windowops.events.FailureCause;
import io.windowops.events.GateDecided;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoGoGiven;
import io.windowops.events.NoticeKind;
import io.windowops.events.RunStep;
import io.windowops.events.StepFailed;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepProgress;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStarted;
import io.windowops.events.StepState;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationFinished;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowPaused;
import io.windowops.events.WindowResumed;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An open window: preflight, baseline, the steps stage by stage (retries, timeouts, approval gates,
 * pause between stages, the step cutoff), post validation, completion; failures hand over to
 * {@link Rollback}.
 */
final class Execution {

  private static final String STEP_TIMEOUT = "STEP_TIMEOUT:";
  private static final String STEP_RETRY = "STEP_RETRY:";
  private static final String VALIDATION_TIMEOUT = "VALIDATION_TIMEOUT";
  static final String WINDOW_END = "WINDOW_END";
  /** Slack on top of the criteria's own measuring time before a validation counts as lost. */
  private static final Duration VALIDATION_MARGIN = Duration.ofMinutes(5);

  private final WindowPolicy policy;
  private final Notices notices;
  private final Rollback rollback;
  private final Progress progress;

  Execution(WindowPolicy policy, Notices notices, Rollback rollback) {
    this.policy = policy;
    this.notices = notices;
    this.rollback = rollback;
    this.progress = new Progress(policy, notices);
  }

  void open(Change c, Duration late) {
    c.state.setStatus(WindowStatus.OPEN);
    c.disarmAll(DeadlineKind.WINDOW_START);
    c.disarmAll(DeadlineKind.START_GRACE);
    c.arm(WINDOW_END, DeadlineKind.WINDOW_END, c.state.getScheduledEnd(), null);
    c.emit(new WindowOpened(c.state.getScheduledStart(), c.state.getScheduledEnd(), late.toSeconds()));
    notices.moment(c, Notices.START, NoticeKind.START);
    progress.start(c);
    continueAfter(c, null);
  }

  /** The PROGRESS deadline fired ({@code noticeId}: its subject). */
  boolean onProgressTimer(Change c, String noticeId, Instant dueAt) {
    return progress.onTimer(c, noticeId, dueAt);
  }

  /** Moves on from a finished phase ({@code null}: just opened) to the next phase or the steps. */
  private void continueAfter(Change c, ValidationPhase done) {
    MaintenanceRequested r = c.state.getRequest();
    if (done == null && !r.getPreflightCriteria().isEmpty()) {
      c.state.setStatus(WindowStatus.OPEN);
      validate(c, ValidationPhase.PREFLIGHT, r.getPreflightCriteria());
      return;
    }
    List<CriterionSpec> baseline =
        r.getSuccessCriteria().stream().filter(k -> k.getKind() == CriterionKind.BASELINE).toList();
    if ((done == null || done == ValidationPhase.PREFLIGHT) && !baseline.isEmpty()) {
      c.state.setStatus(WindowStatus.OPEN);
      validate(c, ValidationPhase.BASELINE, baseline);
      return;
    }
    c.state.setStatus(WindowStatus.RUNNING);
    nextStage(c);
  }

  private void validate(Change c, ValidationPhase phase, List<CriterionSpec> criteria) {
    String id = phase.name().toLowerCase() + "-" + (c.state.getLastSequence() + 1);
    c.state.setValidationId(id);
    c.state.setValidationPhase(phase);
    c.validate(new ValidateWindow(id, phase, List.copyOf(criteria),
        phase == ValidationPhase.POST ? c.state.getBaseline() : java.util.Map.of()));
    long measuring = criteria.stream().mapToLong(k -> (long) k.getIntervalSeconds() * Math.max(k.getCount(), 1)).max().orElse(0);
    c.arm(VALIDATION_TIMEOUT, DeadlineKind.VALIDATION_TIMEOUT,
        c.now.plusSeconds(measuring).plus(VALIDATION_MARGIN), id);
  }

  boolean onValidation(Change c, ValidationOutcome o) {
    boolean expecting = c.status() == WindowStatus.OPEN || c.status() == WindowStatus.VALIDATING;
    if (!expecting || !o.getValidationId().equals(c.state.getValidationId())) {
      return false;
    }
    c.disarm(VALIDATION_TIMEOUT);
    c.state.setValidationId(null);
    c.emit(new ValidationFinished(o.getValidationId(), o.getPhase(), o.getVerdict(),
        o.getFailedCriteria(), o.getInconclusiveCriteria()));
    ValidationPhase phase = c.state.getValidationPhase();
    switch (o.getVerdict()) {
      case PASSED -> {
        c.state.setValidationPhase(null);
        if (phase == ValidationPhase.BASELINE) {
          c.state.getBaseline().putAll(o.getBaseline());
        }
        if (phase == ValidationPhase.POST) {
          complete(c, Verdict.PASSED);
        } else {
          continueAfter(c, phase);
        }
      }
      case FAILED -> {
        String detail = phase + " validation failed: " + String.join(", ", o.getFailedCriteria());
        c.state.setValidationPhase(null);
        if (phase == ValidationPhase.POST) {
          rollback.start(c, FailureCause.VALIDATION_FAILED, detail, null);
        } else {
          fail(c, FailureCause.PREFLIGHT_FAILED, detail);
        }
      }
      case INCONCLUSIVE -> awaitHuman(c, phase,
          phase + " validation inconclusive: " + String.join(", ", o.getInconclusiveCriteria()));
    }
    return true;
  }

  /** The validator never answered: nobody can say the window is healthy, so a human decides. */
  boolean onValidationTimeout(Change c) {
    if (c.state.getValidationId() == null) {
      return false;
    }
    c.state.setValidationId(null);
    awaitHuman(c, c.state.getValidationPhase(), c.state.getValidationPhase() + " validation gave no outcome in time");
    return true;
  }

  /** INCONCLUSIVE pauses by default: resume accepts the phase, abort rolls back. */
  private void awaitHuman(Change c, ValidationPhase phase, String reason) {
    c.state.setValidationPhase(phase);
    c.state.setStatus(WindowStatus.PAUSED);
    c.state.setPauseRequested(false);
    c.emit(new WindowPaused(reason, lastSucceeded(c)));
    notices.event(c, "paused-" + (c.state.getLastSequence() + 1), NoticeKind.PROGRESS, reason);
  }

  private void fail(Change c, FailureCause cause, String detail) {
    c.state.setStatus(WindowStatus.FAILED);
    c.state.setFailureCause(cause);
    c.state.setFailureDetail(detail);
    c.state.getDeadlines().clear();
    c.emit(new WindowFailed(cause, detail, null));
    notices.event(c, "failure", NoticeKind.FAILURE, detail);
  }

  private void complete(Change c, Verdict verdict) {
    c.state.setStatus(WindowStatus.COMPLETED);
    c.state.setValidationPhase(null);
    c.state.getDeadlines().clear();
    int ran = (int) c.state.getSteps().values().stream().filter(p -> p.getState() == StepState.SUCCEEDED).count();
    c.emit(new WindowCompleted(ran, verdict));
    notices.moment(c, Notices.COMPLETION, NoticeKind.COMPLETION);
  }

  /** Starts the first unfinished stage, or the POST phase when every step succeeded. */
  private void nextStage(Change c) {
    MaintenanceRequested r = c.state.getRequest();
    List<StepSpec> stage = Steps.stages(r).stream()
        .filter(s -> s.stream().anyMatch(step -> progress(c, step).getState() != StepState.SUCCEEDED))
        .findFirst()
        .orElse(null);
    if (stage == null) {
      if (r.getSuccessCriteria().isEmpty()) {
        complete(c, null);
      } else {
        c.state.setStatus(WindowStatus.VALIDATING);
        validate(c, ValidationPhase.POST, r.getSuccessCriteria());
      }
      return;
    }
    if (c.state.getPauseRequested()) {
      c.state.setPauseRequested(false);
      c.state.setStatus(WindowStatus.PAUSED);
      c.emit(new WindowPaused("paused between steps as requested", lastSucceeded(c)));
      return;
    }
    Instant cutoff = c.state.getScheduledEnd().minus(policy.stepCutoff(r.getMaintenanceType()));
    if (c.now.isAfter(cutoff)) {
      rollback.start(c, FailureCause.OVERRUN,
          "step cutoff " + cutoff + " passed before step " + stage.get(0).getStepId() + " could start", null);
      return;
    }
    c.state.setStatus(WindowStatus.RUNNING);
    stage.forEach(step -> start(c, step, 1));
  }

  private void start(Change c, StepSpec step, int attempt) {
    StepProgress p = progress(c, step);
    p.setAttempts(attempt);
    if (p.getStartedAt() == null) {
      p.setStartedAt(c.now);
    }
    c.arm(STEP_TIMEOUT + step.getStepId(), DeadlineKind.STEP_TIMEOUT,
        c.now.plusSeconds(step.getTimeoutSeconds()).plus(Steps.OUTCOME_MARGIN), step.getStepId());
    if (Steps.APPROVAL_ACTION.equals(step.getAction())) {
      p.setState(StepState.WAITING_APPROVAL);
      Gate gate = Gate.of(step);
      c.emit(ApprovalNeeded.newBuilder()
          .setSummary(Notices.summary(c.state.getRequest()))
          .setRequiredRoles(gate.roles())
          .setApprovalsRequired(gate.count())
          .setApprovalsGiven(0)
          .setFourEyes(true)
          .setStepId(step.getStepId())
          .setReason(step.getDescription())
          .build());
      return;
    }
    p.setState(StepState.RUNNING);
    c.command(RunStep.newBuilder()
        .setStepId(step.getStepId())
        .setAttempt(attempt)
        .setStep(step)
        .setEnvironment(c.state.getRequest().getEnvironment())
        .setServices(List.copyOf(c.state.getRequest().getServices()))
        .build());
  }

  boolean onOutcome(Change c, StepOutcome o) {
    StepSpec spec = Steps.spec(c.state.getRequest(), o.getStepId());
    StepProgress p = spec == null ? null : progress(c, spec);
    if (p == null || p.getState() != StepState.RUNNING || o.getAttempt() != p.getAttempts()) {
      return false;
    }
    p.setIdempotent(o.getIdempotent());
    switch (o.getStatus()) {
      case STARTED -> c.emit(new StepStarted(o.getStepId(), ExecutionKind.STEP, o.getAttempt(), o.getAction()));
      case SUCCEEDED -> {
        c.disarm(STEP_TIMEOUT + o.getStepId());
        p.setState(StepState.SUCCEEDED);
        p.setOutputs(o.getOutputs());
        p.setFinishedAt(c.now);
        p.setLastError(null);
        p.setOutcomeUnknown(false); // an (idempotent) attempt succeeded: the effect is known again
        c.emit(new StepSucceeded(o.getStepId(), ExecutionKind.STEP, o.getAttempt(), o.getExitCode(), o.getOutputs()));
        progress.stepFinished(c, spec, o.getAttempt(), "succeeded");
        afterStep(c);
      }
      default -> attemptFailed(c, spec, p, o.getStatus(), o.getError() == null ? o.getStatus().name() : o.getError(), o.getNotStarted());
    }
    return true;
  }

  /** A step deadline fired: a retry is due, or no outcome came in time (a lost attempt). */
  boolean onStepTimer(Change c, String timerId, String stepId) {
    StepSpec spec = Steps.spec(c.state.getRequest(), stepId);
    StepProgress p = spec == null ? null : progress(c, spec);
    if (p == null) {
      return false;
    }
    if (timerId.startsWith(STEP_RETRY)) {
      if (p.getState() != StepState.RETRY_WAIT || c.status() != WindowStatus.RUNNING) {
        return false;
      }
      start(c, spec, p.getAttempts() + 1);
      return true;
    }
    if (p.getState() == StepState.WAITING_APPROVAL) {
      p.setState(StepState.FAILED);
      p.setFinishedAt(c.now);
      String error = "approval gate not released within " + spec.getTimeoutSeconds() + "s";
      c.emit(new StepFailed(stepId, ExecutionKind.STEP, p.getAttempts(), StepStatus.TIMED_OUT, error, false, null));
      progress.stepFinished(c, spec, p.getAttempts(), "failed: " + error);
      rollback.start(c, FailureCause.STEP_FAILED, "step " + stepId + ": " + error, stepId);
      return true;
    }
    if (p.getState() != StepState.RUNNING) {
      return false;
    }
    String error = "no outcome from the executor within " + (spec.getTimeoutSeconds() + Steps.OUTCOME_MARGIN.toSeconds()) + "s";
    // The attempt may still be held or running at the executor: stop it before anything else
    // (a retry, a compensation) is sent, in this same decision, so two attempts never overlap.
    c.cancel(stepId, p.getAttempts(), ExecutionKind.STEP, "STEP_TIMEOUT: " + error);
    attemptFailed(c, spec, p, StepStatus.TIMED_OUT, error, false);
    return true;
  }

  /**
   * TIMED_OUT and INTERRUPTED: the attempt may have changed something, or not; nobody knows.
   * Unless the executor says it never started the action ({@code notStarted}).
   */
  static boolean unknownEffect(StepStatus status, boolean notStarted) {
    return (status == StepStatus.TIMED_OUT || status == StepStatus.INTERRUPTED) && !notStarted;
  }

  private void attemptFailed(Change c, StepSpec spec, StepProgress p, StepStatus status, String error, boolean notStarted) {
    String stepId = spec.getStepId();
    c.disarm(STEP_TIMEOUT + stepId);
    p.setLastError(error);
    int attempt = p.getAttempts();
    boolean unknown = unknownEffect(status, notStarted);
    if (unknown && spec.getCompensation() != null) {
      p.setOutcomeUnknown(true); // whatever happens next, the rollback must undo what may have run
    }
    // An unknown effect is re-run only when the catalog says the action is idempotent: a
    // non-idempotent one may have run already, so it is never retried blind.
    boolean retry = c.status() == WindowStatus.RUNNING && (!unknown || p.getIdempotent()) && attempt <= spec.getMaxRetries();
    if (retry) {
      Instant next = c.now.plus(Steps.backoff(spec, attempt));
      p.setState(StepState.RETRY_WAIT);
      c.arm(STEP_RETRY + stepId, DeadlineKind.STEP_RETRY, next, stepId);
      c.emit(new StepFailed(stepId, ExecutionKind.STEP, attempt, status, error, true, next));
      return;
    }
    p.setState(StepState.FAILED);
    p.setFinishedAt(c.now);
    c.emit(new StepFailed(stepId, ExecutionKind.STEP, attempt, status, error, false, null));
    progress.stepFinished(c, spec, attempt, "failed after " + attempt + " attempt(s): " + error);
    if (c.status() == WindowStatus.ROLLING_BACK) {
      rollback.proceed(c);
    } else {
      FailureCause cause = status == StepStatus.INTERRUPTED ? FailureCause.STEP_INTERRUPTED : FailureCause.STEP_FAILED;
      rollback.start(c, cause, "step " + stepId + " failed after " + attempt + " attempt(s): " + error, stepId);
    }
  }

  private void afterStep(Change c) {
    if (c.status() == WindowStatus.ROLLING_BACK) {
      rollback.proceed(c);
      return;
    }
    boolean stageBusy = c.state.getSteps().values().stream().anyMatch(p -> Steps.inFlight(p.getState()));
    if (!stageBusy) {
      nextStage(c);
    }
  }

  /** ApprovalGiven for a gate step; returns false (with a rejection emitted) when it does not count. */
  void approveGate(Change c, ApprovalGiven a) {
    StepSpec spec = Steps.spec(c.state.getRequest(), a.getStepId());
    StepProgress p = spec == null ? null : progress(c, spec);
    if (p == null || p.getState() != StepState.WAITING_APPROVAL || c.status() != WindowStatus.RUNNING) {
      c.reject("ApprovalGiven", "stepId", "NOT_WAITING_APPROVAL",
          "step '" + a.getStepId() + "' is not waiting for an approval");
      return;
    }
    Gate gate = Gate.of(spec);
    List<Approval> given = c.state.getApprovals().stream().filter(g -> a.getStepId().equals(g.getStepId())).toList();
    String refusal = Approvals.refusal(c, a, gate.roles(), true, given);
    if (refusal != null) {
      return;
    }
    c.state.getApprovals().add(new Approval(a.getApprover(), a.getRole(), c.now, a.getStepId(), a.getComment()));
    boolean released = given.size() + 1 >= gate.count();
    c.emit(new GateDecided(spec.getStepId(), true, a.getApprover(), a.getRole(), a.getComment(), released));
    if (released) {
      c.disarm(STEP_TIMEOUT + spec.getStepId());
      p.setState(StepState.SUCCEEDED);
      p.setFinishedAt(c.now);
      c.emit(new StepSucceeded(spec.getStepId(), ExecutionKind.STEP, p.getAttempts(), null, java.util.Map.of()));
      progress.stepFinished(c, spec, p.getAttempts(), "approved");
      afterStep(c);
    }
  }

  /**
   * No-go at a gate step: by someone holding a role the gate accepts (no four-eyes: stopping is
   * always safe), the gate fails and the window rolls back what ran before it.
   */
  void refuseGate(Change c, NoGoGiven n) {
    StepSpec spec = Steps.spec(c.state.getRequest(), n.getStepId());
    StepProgress p = spec == null ? null : progress(c, spec);
    if (p == null || p.getState() != StepState.WAITING_APPROVAL || c.status() != WindowStatus.RUNNING) {
      c.reject("NoGoGiven", "stepId", "NOT_WAITING_APPROVAL", "step '" + n.getStepId() + "' is not waiting for a go/no-go");
      return;
    }
    Gate gate = Gate.of(spec);
    if (!gate.roles().isEmpty() && !gate.roles().contains(n.getRole())) {
      c.reject("NoGoGiven", "role", "ROLE_NOT_ALLOWED", "role '" + n.getRole() + "' cannot decide this gate; one of " + gate.roles() + " is required");
      return;
    }
    String error = "no-go by " + n.getOperator() + (n.getReason() == null ? "" : ": " + n.getReason());
    c.disarm(STEP_TIMEOUT + spec.getStepId());
    p.setState(StepState.FAILED);
    p.setFinishedAt(c.now);
    p.setLastError(error);
    c.emit(new GateDecided(spec.getStepId(), false, n.getOperator(), n.getRole(), n.getReason(), false));
    c.emit(new StepFailed(spec.getStepId(), ExecutionKind.STEP, p.getAttempts(), StepStatus.FAILED, error, false, null));
    progress.stepFinished(c, spec, p.getAttempts(), "refused: " + error);
    rollback.start(c, FailureCause.ABORTED, "gate " + spec.getStepId() + ": " + error, spec.getStepId());
  }

  /** Takes effect when the running stage has finished (pause is between steps). */
  void pause(Change c) {
    c.state.setPauseRequested(true);
  }

  /** Resume a paused window: after an inconclusive phase, that phase counts as accepted. */
  void resume(Change c, String reason) {
    ValidationPhase awaited = c.state.getValidationPhase();
    c.state.setValidationPhase(null);
    c.emit(new WindowResumed(reason));
    if (awaited == ValidationPhase.POST) {
      complete(c, Verdict.INCONCLUSIVE);
    } else if (awaited != null) {
      continueAfter(c, awaited);
    } else {
      c.state.setStatus(WindowStatus.RUNNING);
      nextStage(c);
    }
  }

  private static StepProgress progress(Change c, StepSpec step) {
    return c.state.getSteps().get(step.getStepId());
  }

  private static String lastSucceeded(Change c) {
    String last = null;
    for (StepSpec s : c.state.getRequest().getSteps()) {
      if (progress(c, s).getState() == StepState.SUCCEEDED) {
        last = s.getStepId();
      }
    }
    return last;
  }

  /** An approval gate's rule, from its params: {@code roles} (comma list, empty: any) and {@code count}. */
  record Gate(List<String> roles, int count) {
    static Gate of(StepSpec step) {
      String roles = step.getParams().getOrDefault("roles", "");
      List<String> list = Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      // Planning rejected a request whose gate count is not a positive integer.
      return new Gate(list, Integer.parseInt(step.getParams().getOrDefault("count", "1").trim()));
    }
  }
}
