package io.windowops.audit;

import io.windowops.audit.TimelineReader.Entry;
import io.windowops.audit.WindowAccount.ApprovalFact;
import io.windowops.audit.WindowAccount.Attempt;
import io.windowops.audit.WindowAccount.Decision;
import io.windowops.audit.WindowAccount.Delivery;
import io.windowops.audit.WindowAccount.FinalState;
import io.windowops.audit.WindowAccount.Notice;
import io.windowops.audit.WindowAccount.OperatorCommand;
import io.windowops.audit.WindowAccount.Request;
import io.windowops.audit.WindowAccount.Rollback;
import io.windowops.audit.WindowAccount.Standing;
import io.windowops.audit.WindowAccount.Step;
import io.windowops.audit.WindowAccount.Validation;
import io.windowops.events.AbortRequested;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CancelRequested;
import io.windowops.events.CancelStep;
import io.windowops.events.CommandRejected;
import io.windowops.events.CompensateStep;
import io.windowops.events.CriterionSpec;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoticeDue;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.NotificationFailed;
import io.windowops.events.PauseRequested;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.ResumeRequested;
import io.windowops.events.RollbackStarted;
import io.windowops.events.RunStep;
import io.windowops.events.StepFailed;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationFinished;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.Violation;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowPaused;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowResumed;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Folds a window's entries, oldest first, into its {@link WindowAccount}. The executor's outcome
 * is the word on an attempt (the scheduler's step facts only fill gaps: a gate step, a timeout it
 * declared itself); an approval counts until a refusal caused by it or a change of plan voids it.
 */
public final class AccountBuilder {

  private final String windowId;
  private final Range range;
  private final List<Entry> timeline = new ArrayList<>();
  private Request request;
  private final List<Decision> decisions = new ArrayList<>();
  private final Map<String, ApprovalFact> approvals = new LinkedHashMap<>();
  private final Map<String, OperatorCommand> commands = new LinkedHashMap<>();
  /** Event ids of requests that change the plan: a decision they cause voids earlier approvals. */
  private final Set<String> planChanges = new HashSet<>();
  private final Map<String, Notice> notices = new LinkedHashMap<>();
  private final Map<String, Map<String, Delivery>> deliveries = new LinkedHashMap<>();
  private final Map<String, StepSpec> specs = new LinkedHashMap<>();
  private final Map<String, Attempt> attempts = new LinkedHashMap<>();
  private final Map<String, Validation> validations = new LinkedHashMap<>();
  private final List<Rollback> rollbacks = new ArrayList<>();
  private WindowStatus status;
  private FinalState finalState;

  public AccountBuilder(String windowId, Range range) {
    this.windowId = windowId;
    this.range = range;
  }

  public static WindowAccount of(String windowId, Range range, List<Entry> entries) {
    AccountBuilder builder = new AccountBuilder(windowId, range);
    entries.forEach(builder::add);
    return builder.build();
  }

  public AccountBuilder add(Entry e) {
    timeline.add(e);
    EventMetadata m = e.metadata();
    Object p = e.payload();
    if (p instanceof MaintenanceRequested r) {
      request = new Request(m.getOccurredAt(), m.getActor(), r);
      r.getSteps().forEach(s -> specs.put(s.getStepId(), s));
      planChanges.add(m.getEventId());
    } else if (p instanceof RescheduleRequested r) {
      planChanges.add(m.getEventId());
      command(m, "reschedule", (r.getRequestedStart() == null ? "to the next allowed slot" : "to " + r.getRequestedStart()
          + (r.getRequestedEnd() == null ? "" : " – " + r.getRequestedEnd())) + reason(r.getReason()));
    } else if (p instanceof CancelRequested r) {
      command(m, "cancel", reason(r.getReason()).trim());
    } else if (p instanceof AbortRequested r) {
      command(m, "abort", reason(r.getReason()).trim());
    } else if (p instanceof PauseRequested r) {
      command(m, "pause", reason(r.getReason()).trim());
    } else if (p instanceof ResumeRequested r) {
      command(m, "resume", reason(r.getReason()).trim());
    } else if (p instanceof ApprovalGiven a) {
      approvals.put(m.getEventId(), new ApprovalFact(m.getOccurredAt(), a.getApprover(), a.getRole(), a.getStepId(),
          a.getComment(), m.getEventId(), Standing.COUNTED, null, null));
    } else if (p instanceof RunStep r) {
      attempt(r.getStepId(), "STEP", r.getAttempt(), a -> new Attempt(r.getStepId(), "STEP", r.getAttempt(),
          r.getStep().getAction(), m.getOccurredAt(), a == null ? "COMMANDED" : a.status(), a == null ? null : a.exitCode(),
          a == null ? null : a.startedAt(), a == null ? null : a.finishedAt(), a == null ? null : a.error(),
          a != null && a.replayed(), a == null ? null : a.cancelReason()));
    } else if (p instanceof CompensateStep c) {
      attempt(c.getStepId(), "COMPENSATION", c.getAttempt(), a -> new Attempt(c.getStepId(), "COMPENSATION", c.getAttempt(),
          c.getCompensation().getAction(), m.getOccurredAt(), a == null ? "COMMANDED" : a.status(), a == null ? null : a.exitCode(),
          a == null ? null : a.startedAt(), a == null ? null : a.finishedAt(), a == null ? null : a.error(),
          a != null && a.replayed(), null));
    } else if (p instanceof CancelStep c) {
      attempt(c.getStepId(), "STEP", c.getAttempt(), a -> a == null
          ? new Attempt(c.getStepId(), "STEP", c.getAttempt(), null, null, "COMMANDED", null, null, null, null, false, c.getReason())
          : new Attempt(a.stepId(), a.kind(), a.attempt(), a.action(), a.commandedAt(), a.status(), a.exitCode(), a.startedAt(),
              a.finishedAt(), a.error(), a.replayed(), c.getReason()));
    } else if (p instanceof StepOutcome o) {
      outcome(o);
    } else if (p instanceof ValidateWindow v) {
      validations.put(v.getValidationId(), new Validation(v.getValidationId(), v.getPhase().name(), m.getOccurredAt(),
          v.getCriteria().stream().map(CriterionSpec::getCriterionId).toList(), null, List.of(), List.of(), List.of(), null));
    } else if (p instanceof ValidationOutcome o) {
      Validation asked = validations.get(o.getValidationId());
      validations.put(o.getValidationId(), new Validation(o.getValidationId(), o.getPhase().name(),
          asked == null ? null : asked.requestedAt(), asked == null ? List.of() : asked.criteria(), o.getVerdict().name(),
          List.copyOf(o.getFailedCriteria()), List.copyOf(o.getInconclusiveCriteria()), List.copyOf(o.getMeasurements()),
          m.getOccurredAt()));
    } else if (p instanceof NotificationDelivered d) {
      delivery(d.getMessageKey(), d.getDeliveryKey(), new Delivery(d.getChannel().name(), d.getTarget(), "DELIVERED",
          d.getAttempts(), m.getOccurredAt(), d.getExternalId(), null));
    } else if (p instanceof NotificationFailed f) {
      Delivery known = deliveries.getOrDefault(f.getMessageKey(), Map.of()).get(f.getDeliveryKey());
      if (known == null || !"DELIVERED".equals(known.outcome())) {
        delivery(f.getMessageKey(), f.getDeliveryKey(), new Delivery(f.getChannel().name(), f.getTarget(),
            f.getPermanent() ? "FAILED" : "RETRYING", f.getAttempts(), m.getOccurredAt(), null, f.getError()));
      }
    } else {
      schedulerFact(m, p);
    }
    return this;
  }

  /** A fact on the windows topic: a decision, a notice, a step fact, a rollback or an end. */
  private void schedulerFact(EventMetadata m, Object p) {
    Instant at = m.getOccurredAt();
    WindowStates.after(p, status).ifPresent(next -> {
      status = next;
      finalState = new FinalState(next.name(), at, null, null);
    });
    if (p instanceof WindowRejected r) {
      decisions.add(new Decision(at, "REJECTED", "the request breaks the policy", violations(r.getViolations())));
      finalState = end(at, r.getViolations().stream().map(Violation::getCode).distinct().collect(Collectors.joining(",")),
          String.join("; ", violations(r.getViolations())));
    } else if (p instanceof ApprovalNeeded a) {
      voidApprovalsIfPlanChanged(m);
      decisions.add(new Decision(at, "APPROVAL_NEEDED", a.getApprovalsRequired() + " approval(s) from " + a.getRequiredRoles()
          + (a.getFourEyes() ? ", four-eyes" : "") + ", " + a.getApprovalsGiven() + " given"
          + (a.getStepId() == null ? "" : ", to release gate step " + a.getStepId())
          + (a.getProposedStart() == null ? "" : ", proposed " + a.getProposedStart() + " – " + a.getProposedEnd())
          + (a.getReason() == null ? "" : "; " + a.getReason()), List.of()));
    } else if (p instanceof WindowScheduled s) {
      voidApprovalsIfPlanChanged(m);
      decisions.add(new Decision(at, s.getPreviousStart() == null ? "SCHEDULED" : "RESCHEDULED",
          s.getScheduledStart() + " – " + s.getScheduledEnd()
              + (s.getPreviousStart() == null ? "" : " (was " + s.getPreviousStart() + " – " + s.getPreviousEnd() + ")")
              + (s.getFreezeOverride() ? "; inside a freeze period under an override" : ""), List.of()));
    } else if (p instanceof CommandRejected r) {
      List<String> why = violations(r.getViolations());
      decisions.add(new Decision(at, "REFUSED " + r.getCommand(), "window was " + r.getStatus(), why));
      refuse(m.getCausationId(), at, String.join("; ", why));
    } else if (p instanceof WindowOpened o) {
      decisions.add(new Decision(at, "OPENED", o.getStartDelaySeconds() == 0 ? "on time, every advance notice delivered"
          : o.getStartDelaySeconds() + " s late (waited for advance notices)", List.of()));
    } else if (p instanceof WindowPaused w) {
      decisions.add(new Decision(at, "PAUSED", (w.getReason() == null ? "" : w.getReason())
          + (w.getAfterStepId() == null ? "" : " (after step " + w.getAfterStepId() + ")"), List.of()));
    } else if (p instanceof WindowResumed w) {
      decisions.add(new Decision(at, "RESUMED", w.getReason() == null ? "" : w.getReason(), List.of()));
    } else if (p instanceof NoticeDue n) {
      Notice known = notices.get(n.getNoticeId());
      notices.put(n.getNoticeId(), new Notice(n.getNoticeId(), n.getKind().name(), at, n.getDueAt(), n.getDetail(),
          known == null ? List.of() : known.deliveries()));
    } else if (p instanceof StepSucceeded s) {
      attempt(s.getStepId(), s.getKind().name(), s.getAttempt(), a -> a != null && a.finishedAt() != null ? a
          : new Attempt(s.getStepId(), s.getKind().name(), s.getAttempt(), a == null ? null : a.action(),
              a == null ? null : a.commandedAt(), "SUCCEEDED", s.getExitCode(), a == null ? null : a.startedAt(), at, null,
              false, a == null ? null : a.cancelReason()));
    } else if (p instanceof StepFailed f) {
      attempt(f.getStepId(), f.getKind().name(), f.getAttempt(), a -> a != null && a.finishedAt() != null ? a
          : new Attempt(f.getStepId(), f.getKind().name(), f.getAttempt(), a == null ? null : a.action(),
              a == null ? null : a.commandedAt(), f.getStatus().name(), a == null ? null : a.exitCode(),
              a == null ? null : a.startedAt(), at, f.getError(), false, a == null ? null : a.cancelReason()));
    } else if (p instanceof ValidationFinished v && !validations.containsKey(v.getValidationId())) {
      validations.put(v.getValidationId(), new Validation(v.getValidationId(), v.getPhase().name(), null, List.of(),
          v.getVerdict().name(), List.copyOf(v.getFailedCriteria()), List.copyOf(v.getInconclusiveCriteria()), List.of(), at));
    } else if (p instanceof RollbackStarted r) {
      rollbacks.add(new Rollback(at, r.getCause().name(), r.getDetail(), r.getStepId(), List.copyOf(r.getCompensations()),
          List.of(), List.of(), null));
    } else if (p instanceof WindowRolledBack r) {
      Rollback last = endRollback(at, List.copyOf(r.getCompensatedSteps()), List.of());
      finalState = end(at, r.getCause().name(), last == null ? "" : last.detail());
    } else if (p instanceof WindowRollbackFailed r) {
      endRollback(at, List.copyOf(r.getCompensatedSteps()), List.copyOf(r.getFailedCompensations()));
      finalState = end(at, r.getCause().name(), "compensation failed for " + r.getFailedCompensations() + ": " + r.getDetail());
    } else if (p instanceof WindowFailed f) {
      finalState = end(at, f.getCause().name(), f.getDetail() + (f.getStepId() == null ? "" : " (step " + f.getStepId() + ")"));
    } else if (p instanceof WindowCompleted c) {
      finalState = end(at, null, c.getStepCount() + " step(s) ran" + (c.getVerdict() == null ? "" : ", validation " + c.getVerdict()));
    } else if (p instanceof WindowCancelled c) {
      finalState = end(at, "CANCELLED", "cancelled while " + c.getPreviousStatus() + reason(c.getReason()));
    } else if (p instanceof WindowMissed w) {
      finalState = end(at, "MISSED", w.getReason());
    }
  }

  private FinalState end(Instant at, String cause, String detail) {
    return new FinalState(status == null ? null : status.name(), at, cause, detail);
  }

  private void command(EventMetadata m, String command, String detail) {
    commands.put(m.getEventId(), new OperatorCommand(m.getOccurredAt(), m.getActor(), command, detail, m.getEventId(), null));
  }

  /** A refusal caused by an approval or a command marks it refused, with the reasons. */
  private void refuse(String causationId, Instant at, String why) {
    ApprovalFact approval = causationId == null ? null : approvals.get(causationId);
    if (approval != null) {
      approvals.put(causationId, approval.with(Standing.REFUSED, why, at));
    }
    OperatorCommand command = causationId == null ? null : commands.get(causationId);
    if (command != null) {
      commands.put(causationId, command.refused(why));
    }
  }

  /** The saga clears a window's approvals whenever a request or a reschedule changes its plan. */
  private void voidApprovalsIfPlanChanged(EventMetadata decision) {
    if (!planChanges.contains(decision.getCausationId())) {
      return;
    }
    approvals.replaceAll((id, a) -> a.standing() == Standing.COUNTED && a.stepId() == null
        ? a.with(Standing.VOIDED, "the plan changed", decision.getOccurredAt())
        : a);
  }

  private void outcome(StepOutcome o) {
    String kind = o.getKind().name();
    attempt(o.getStepId(), kind, o.getAttempt(), a -> {
      if (a != null && o.getStatus() == StepStatus.STARTED && a.finishedAt() != null) {
        return a; // a late or replayed STARTED never undoes the end
      }
      return new Attempt(o.getStepId(), kind, o.getAttempt(), o.getAction(), a == null ? null : a.commandedAt(),
          o.getStatus().name(), o.getExitCode(), o.getStartedAt(), o.getFinishedAt(), o.getError(),
          o.getReplayed() || a != null && a.replayed(), a == null ? null : a.cancelReason());
    });
  }

  private void attempt(String stepId, String kind, int attempt, java.util.function.UnaryOperator<Attempt> change) {
    String key = stepId + "/" + kind + "/" + attempt;
    attempts.put(key, change.apply(attempts.get(key)));
  }

  private void delivery(String noticeId, String deliveryKey, Delivery d) {
    deliveries.computeIfAbsent(noticeId, k -> new LinkedHashMap<>()).put(deliveryKey, d);
  }

  private Rollback endRollback(Instant at, List<String> compensated, List<String> failed) {
    if (rollbacks.isEmpty()) {
      return null;
    }
    Rollback r = rollbacks.remove(rollbacks.size() - 1);
    Rollback ended = new Rollback(r.at(), r.cause(), r.detail(), r.stepId(), r.plan(), compensated, failed, at);
    rollbacks.add(ended);
    return ended;
  }

  private static List<String> violations(List<Violation> violations) {
    return violations.stream()
        .map(v -> v.getCode() + (v.getField().isEmpty() ? "" : " [" + v.getField() + "]") + ": " + v.getMessage())
        .toList();
  }

  private static String reason(String reason) {
    return reason == null || reason.isBlank() ? "" : " — " + reason;
  }

  public WindowAccount build() {
    List<Notice> noticeList = new ArrayList<>();
    Set<String> ids = new java.util.LinkedHashSet<>(notices.keySet());
    ids.addAll(deliveries.keySet()); // deliveries of a notice issued before the range
    for (String id : ids) {
      Notice n = notices.getOrDefault(id, new Notice(id, null, null, null, null, List.of()));
      noticeList.add(new Notice(n.noticeId(), n.kind(), n.issuedAt(), n.dueAt(), n.detail(),
          List.copyOf(deliveries.getOrDefault(id, Map.of()).values())));
    }
    Set<String> stepIds = new java.util.LinkedHashSet<>(specs.keySet());
    attempts.values().forEach(a -> stepIds.add(a.stepId()));
    List<Step> steps = new ArrayList<>();
    for (String id : stepIds) {
      StepSpec spec = specs.get(id);
      steps.add(new Step(id, spec == null ? null : spec.getAction(),
          spec == null || spec.getCompensation() == null ? null : spec.getCompensation().getAction(),
          attempts.values().stream().filter(a -> a.stepId().equals(id)).toList()));
    }
    return new WindowAccount(windowId, range, request, List.copyOf(decisions), List.copyOf(approvals.values()),
        List.copyOf(commands.values()), noticeList, steps, List.copyOf(validations.values()), List.copyOf(rollbacks),
        finalState, List.copyOf(timeline));
  }
}
