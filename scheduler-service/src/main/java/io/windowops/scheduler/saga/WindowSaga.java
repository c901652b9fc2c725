package io.windowops.scheduler.saga;

import io.windowops.events.AbortRequested;
import io.windowops.events.AlertResolutionRecorded;
import io.windowops.events.AlertResolved;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.CancelRequested;
import io.windowops.events.Deadline;
import io.windowops.events.DeadlineKind;
import io.windowops.events.ExecutionKind;
import io.windowops.events.FailureCause;
import io.windowops.events.FreezeAll;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoGoGiven;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.PauseRequested;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ResumeRequested;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.events.StepOutcome;
import io.windowops.events.TimerFired;
import io.windowops.events.Unfreeze;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The window saga: {@link #decide} holds every rule of a window's life and is a pure function of
 * (state, input, now) and the policy: no I/O, no clock, no randomness. An input whose event id
 * was already applied changes nothing; an input that no longer applies (a stale timer, an
 * outcome for an attempt that is over) changes nothing; a command that does not apply in the
 * current state is answered with CommandRejected and changes nothing else.
 */
public final class WindowSaga implements Decider {

  /** Commands a window waiting for its slot keeps; more are refused (TOO_EARLY). */
  static final int DEFERRED_LIMIT = 32;

  private final Scheduling scheduling;
  private final Execution execution;
  private final Rollback rollback;
  private final Escalation escalation;

  public WindowSaga(WindowPolicy policy) {
    Notices notices = new Notices(policy);
    this.rollback = new Rollback(notices);
    this.execution = new Execution(policy, notices, rollback);
    this.escalation = new Escalation(policy, notices);
    this.scheduling = new Scheduling(policy, notices, execution, escalation);
  }

  @Override
  public Decision decide(WindowStateSnapshot state, SagaInput input, Instant now) {
    if (state == null) {
      if (input instanceof SagaInput.Request q && q.envelope().getPayload() instanceof MaintenanceRequested r) {
        return scheduling.create(input.metadata(), r, now);
      }
      return Decision.unchanged(null); // nothing is known of this window: nothing to store
    }
    if (state.getProcessedEventIds().contains(input.metadata().getEventId())) {
      return Decision.unchanged(state);
    }
    Change c = new Change(state, input.metadata(), now);
    boolean applied;
    if (input instanceof SagaInput.Request q && waitsForItsSlot(state, q.envelope())) {
      applied = defer(c, q.envelope());
    } else if (input instanceof SagaInput.Request q) {
      applied = request(c, q);
      if (answersTheClaim(q.envelope()) && c.status() != WindowStatus.REQUESTED) {
        applyDeferred(c);
      }
    } else if (input instanceof SagaInput.StepResult s) {
      applied = s.envelope().getPayload() instanceof StepOutcome o && stepResult(c, o);
    } else if (input instanceof SagaInput.ValidationResult v) {
      applied = v.envelope().getPayload() instanceof ValidationOutcome o && execution.onValidation(c, o);
    } else {
      SagaInput.NotificationResult n = (SagaInput.NotificationResult) input;
      applied = n.envelope().getPayload() instanceof NotificationDelivered d && scheduling.onDelivered(c, d.getMessageKey());
    }
    if (applied) {
      escalation.keep(c); // an incident's next level stays armed whatever else happened
    }
    if (!applied || (!c.emittedAnything() && c.state.equals(state))) {
      return Decision.unchanged(state);
    }
    return c.decision();
  }

  /**
   * A command (approval, cancel, reschedule, ...) for a window still waiting for its slot: kept in
   * order and applied once the admission answers, as if it had come right after, so a client that
   * approves at once after requesting is not refused for being early.
   */
  private static boolean waitsForItsSlot(WindowStateSnapshot state, RequestEnvelope envelope) {
    Object payload = envelope.getPayload();
    return state.getStatus() == WindowStatus.REQUESTED
        && !answersTheClaim(envelope)
        && !(payload instanceof TimerFired || payload instanceof AlertResolved
            || payload instanceof FreezeAll || payload instanceof Unfreeze
            || payload instanceof MaintenanceRequested r && r.equals(state.getRequest()));
  }

  private static boolean answersTheClaim(RequestEnvelope envelope) {
    return envelope.getPayload() instanceof SlotGranted || envelope.getPayload() instanceof SlotRefused;
  }

  private static boolean defer(Change c, RequestEnvelope envelope) {
    if (c.state.getDeferredRequests().size() >= DEFERRED_LIMIT) {
      c.reject(envelope.getPayload().getClass().getSimpleName(), "", "TOO_EARLY",
          "window " + c.windowId() + " is still waiting for its slot and holds " + DEFERRED_LIMIT + " commands already");
      return true;
    }
    c.state.getDeferredRequests().put(String.format("%03d", c.state.getDeferredRequests().size()), envelope);
    return true;
  }

  /** The commands that waited for the slot, each applied in turn and answered as its own. */
  private void applyDeferred(Change c) {
    List<RequestEnvelope> waiting = new TreeMap<>(c.state.getDeferredRequests()).values().stream().toList();
    c.state.getDeferredRequests().clear();
    for (RequestEnvelope envelope : waiting) {
      c.causedBy(envelope.getMetadata().getEventId());
      request(c, new SagaInput.Request(envelope));
    }
  }

  private boolean request(Change c, SagaInput.Request q) {
    Object payload = q.envelope().getPayload();
    if (payload instanceof MaintenanceRequested r) {
      if (r.equals(c.state.getRequest())) {
        return false; // the same request again: one window
      }
      scheduling.amend(c, r);
    } else if (payload instanceof RescheduleRequested r) {
      scheduling.reschedule(c, r);
    } else if (payload instanceof CancelRequested r) {
      scheduling.cancel(c, r);
    } else if (payload instanceof ApprovalGiven a) {
      if (a.getStepId() == null) {
        scheduling.approve(c, a);
      } else {
        execution.approveGate(c, a);
      }
    } else if (payload instanceof AbortRequested a) {
      abort(c, a);
    } else if (payload instanceof PauseRequested p) {
      pause(c, p);
    } else if (payload instanceof ResumeRequested r) {
      resume(c, r);
    } else if (payload instanceof TimerFired t) {
      return timer(c, t);
    } else if (payload instanceof NoGoGiven n) {
      execution.refuseGate(c, n);
    } else if (payload instanceof AlertResolved a) {
      return alertResolved(c, a);
    } else if (payload instanceof SlotGranted g) {
      c.causedBy(g.getClaimId());
      return scheduling.onGranted(c, g);
    } else if (payload instanceof SlotRefused r) {
      c.causedBy(r.getClaimId());
      return scheduling.onRefused(c, r);
    } else if (payload instanceof FreezeAll || payload instanceof Unfreeze) {
      return false; // global freeze (key GLOBAL-FREEZE): the executor's business, not a window's
    } else {
      throw new IllegalArgumentException("unknown request " + payload.getClass().getName());
    }
    return true;
  }

  private void abort(Change c, AbortRequested a) {
    if (!Scheduling.isOpen(c.status())) {
      c.reject("AbortRequested", "", "NOT_ABORTABLE", "window " + c.windowId() + " is " + c.status()
          + (c.status() == WindowStatus.SCHEDULED || c.status() == WindowStatus.PENDING_APPROVAL
              ? ": a window that has not opened is cancelled, not aborted" : ""));
      return;
    }
    rollback.start(c, FailureCause.ABORTED, "aborted: " + a.getReason(), null);
  }

  private void pause(Change c, PauseRequested p) {
    boolean running = c.status() == WindowStatus.OPEN || c.status() == WindowStatus.RUNNING;
    if (!running || c.state.getPauseRequested()) {
      c.reject("PauseRequested", "", "NOT_PAUSABLE", c.state.getPauseRequested()
          ? "a pause is already requested; it takes effect after the running step"
          : "window " + c.windowId() + " is " + c.status() + "; only an open window with steps ahead pauses");
      return;
    }
    execution.pause(c);
  }

  private void resume(Change c, ResumeRequested r) {
    if (c.status() == WindowStatus.PAUSED) {
      execution.resume(c, r.getReason());
    } else if (c.state.getPauseRequested()) {
      c.state.setPauseRequested(false); // withdraws a pause that has not taken effect
    } else {
      c.reject("ResumeRequested", "", "NOT_PAUSED", "window " + c.windowId() + " is " + c.status() + ", not paused");
    }
  }

  /**
   * The alert that opened the window resolved: recorded once on its timeline, nothing else
   * changes (the runbook and its verification decide the window's end). Alertmanager repeats
   * resolved notifications, so a second one changes nothing.
   */
  private boolean alertResolved(Change c, AlertResolved a) {
    MaintenanceRequested r = c.state.getRequest();
    if (!AlertLabels.triggered(r) || c.state.getAlertResolvedAt() != null) {
      return false;
    }
    if (!a.getFingerprint().equals(r.getLabels().get(AlertLabels.FINGERPRINT))) {
      c.reject("AlertResolved", "fingerprint", "FINGERPRINT_MISMATCH",
          "window " + c.windowId() + " was opened by alert " + r.getLabels().get(AlertLabels.FINGERPRINT));
      return true;
    }
    c.state.setAlertResolvedAt(c.now);
    c.emit(new AlertResolutionRecorded(a.getAlertname(), a.getFingerprint(), a.getEndsAt()));
    return true;
  }

  /** A timer counts only while its deadline is armed with the same due time. */
  private boolean timer(Change c, TimerFired t) {
    Optional<Deadline> armed = c.deadline(t.getTimerId());
    if (armed.isEmpty() || !armed.get().getDueAt().equals(t.getDueAt())) {
      return false;
    }
    c.disarm(t.getTimerId());
    DeadlineKind kind = t.getKind();
    String subject = armed.get().getSubject();
    if (Escalation.owns(t.getTimerId())) {
      return escalation.onTimer(c);
    }
    if (Rollback.owns(t.getTimerId())) {
      return rollback.onTimer(c, t.getTimerId(), subject);
    }
    if (Progress.owns(t.getTimerId())) {
      return execution.onProgressTimer(c, subject, t.getDueAt());
    }
    return switch (kind) {
      case STEP_TIMEOUT, STEP_RETRY -> execution.onStepTimer(c, t.getTimerId(), subject);
      case VALIDATION_TIMEOUT -> execution.onValidationTimeout(c);
      case WINDOW_END -> overrun(c);
      default -> scheduling.onTimer(c, kind, subject, t.getDueAt());
    };
  }

  private boolean overrun(Change c) {
    if (!Scheduling.isOpen(c.status())) {
      return false;
    }
    rollback.start(c, FailureCause.OVERRUN, "the window passed its end at " + c.state.getScheduledEnd(), null);
    return true;
  }

  private boolean stepResult(Change c, StepOutcome o) {
    return o.getKind() == ExecutionKind.COMPENSATION ? rollback.onOutcome(c, o) : execution.onOutcome(c, o);
  }
}
