package io.windowops.scheduler.saga;

import io.windowops.events.Approval;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CancelRequested;
import io.windowops.events.DeadlineKind;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy;
import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A window before it opens: planning, approvals (voided by any change of the plan), reschedule,
 * cancel, notices, and the start itself: it opens only with every advance notice delivered and
 * no later than the policy's grace, else it is MISSED.
 */
final class Scheduling {

  private static final String APPROVAL_TIMEOUT = "APPROVAL_TIMEOUT";
  private static final String WINDOW_START = "WINDOW_START";
  private static final String START_GRACE = "START_GRACE";

  private final WindowPolicy policy;
  private final Planning planning;
  private final Notices notices;
  private final Execution execution;
  private final Escalation escalation;

  Scheduling(WindowPolicy policy, Notices notices, Execution execution, Escalation escalation) {
    this.policy = policy;
    this.planning = new Planning(policy);
    this.notices = notices;
    this.execution = execution;
    this.escalation = escalation;
  }

  /** REQUESTED → REJECTED | PENDING_APPROVAL | SCHEDULED. */
  Decision create(EventMetadata meta, MaintenanceRequested r, List<Reservation> others, Instant now) {
    WindowStateSnapshot fresh =
        WindowStateSnapshot.newBuilder()
            .setWindowId(meta.getWindowId())
            .setStatus(WindowStatus.REQUESTED)
            .setRequest(r)
            .setRequestEventId(meta.getEventId())
            .setCorrelationId(meta.getCorrelationId())
            .setSteps(Steps.pending(r))
            .setLastSequence(0)
            .setUpdatedAt(now)
            .build();
    Change c = new Change(fresh, meta, now);
    Planning.Outcome plan = planning.plan(c.windowId(), r, others, now);
    if (!plan.accepted()) {
      c.state.setStatus(WindowStatus.REJECTED);
      c.emit(new WindowRejected(plan.violations()));
      escalation.keep(c); // a rejected runbook leaves the incident to people: page them anyway
      return c.decision();
    }
    take(c, plan);
    awaitApprovalOrSchedule(c, null, null, null);
    escalation.keep(c); // an alert's first responder is paged at once
    return c.decision();
  }

  /**
   * The same window id again: the same request is a duplicate (nothing changes); a changed one by
   * the same requester amends the plan while the window has not opened.
   */
  void amend(Change c, MaintenanceRequested r, List<Reservation> others) {
    if (!before(c, "MaintenanceRequested", "WINDOW_EXISTS")) {
      return;
    }
    if (!Objects.equals(r.getRequester(), c.state.getRequest().getRequester())) {
      c.reject("MaintenanceRequested", "requester", "REQUESTER_MISMATCH",
          "window " + c.windowId() + " was requested by " + c.state.getRequest().getRequester());
      return;
    }
    replan(c, r, others, "MaintenanceRequested", "the request was amended");
  }

  void reschedule(Change c, RescheduleRequested q, List<Reservation> others) {
    if (!before(c, "RescheduleRequested", "NOT_RESCHEDULABLE")) {
      return;
    }
    MaintenanceRequested current = c.state.getRequest();
    MaintenanceRequested moved = MaintenanceRequested.newBuilder(current).build();
    moved.setRequestedStart(q.getRequestedStart());
    moved.setRequestedEnd(q.getRequestedEnd());
    Integer minutes = q.getDurationMinutes();
    if (minutes == null && q.getRequestedEnd() == null) {
      minutes = (int) Duration.between(c.state.getScheduledStart(), c.state.getScheduledEnd()).toMinutes();
    }
    moved.setDurationMinutes(q.getRequestedStart() != null && q.getRequestedEnd() != null ? null : minutes);
    moved.setUseNextAllowedSlot(q.getUseNextAllowedSlot());
    String reason = q.getReason() == null ? "the window was rescheduled" : q.getReason();
    replan(c, moved, others, "RescheduleRequested", reason);
  }

  private void replan(Change c, MaintenanceRequested r, List<Reservation> others, String command, String reason) {
    Planning.Outcome plan = planning.plan(c.windowId(), r, others, c.now);
    if (!plan.accepted()) {
      c.reject(command, plan.violations());
      return;
    }
    Instant previousStart = c.state.getScheduledStart();
    Instant previousEnd = c.state.getScheduledEnd();
    boolean moved = !plan.start().equals(previousStart) || !plan.end().equals(previousEnd);
    boolean workChanged = !sameWork(c.state.getRequest(), r);
    c.state.setRequest(r);
    if (!moved && !workChanged) {
      return;
    }
    // The plan changed: approvals given for the old one do not carry over.
    c.state.getApprovals().clear();
    c.state.setSteps(new java.util.LinkedHashMap<>(Steps.pending(r)));
    take(c, plan);
    notices.disarm(c);
    c.disarm(START_GRACE); // a gate wait belongs to the old start
    if (moved && !c.state.getNoticesIssued().isEmpty()) {
      notices.event(c, "reschedule-" + (c.state.getLastSequence() + 1), NoticeKind.RESCHEDULE, reason);
    }
    awaitApprovalOrSchedule(c, previousStart, previousEnd, "plan changed (" + reason + "): approvals given before are void");
  }

  private static boolean sameWork(MaintenanceRequested a, MaintenanceRequested b) {
    return a.getSteps().equals(b.getSteps())
        && a.getServices().equals(b.getServices())
        && a.getEnvironment().equals(b.getEnvironment())
        && a.getMaintenanceType() == b.getMaintenanceType()
        && a.getPreflightCriteria().equals(b.getPreflightCriteria())
        && a.getSuccessCriteria().equals(b.getSuccessCriteria());
  }

  private void take(Change c, Planning.Outcome plan) {
    c.state.setScheduledStart(plan.start());
    c.state.setScheduledEnd(plan.end());
    c.state.setFreezeOverride(plan.freezeOverride());
  }

  private void awaitApprovalOrSchedule(Change c, Instant previousStart, Instant previousEnd, String why) {
    ApprovalRule rule = rule(c);
    long given = windowApprovals(c).size();
    if (given >= rule.count()) {
      schedule(c, previousStart, previousEnd);
      return;
    }
    c.state.setStatus(WindowStatus.PENDING_APPROVAL);
    c.disarm(WINDOW_START);
    notices.disarm(c);
    c.arm(APPROVAL_TIMEOUT, DeadlineKind.APPROVAL_TIMEOUT, c.state.getScheduledStart(), null);
    c.emit(ApprovalNeeded.newBuilder()
        .setSummary(Notices.summary(c.state.getRequest()))
        .setProposedStart(c.state.getScheduledStart())
        .setProposedEnd(c.state.getScheduledEnd())
        .setRequiredRoles(List.copyOf(rule.roles()))
        .setApprovalsRequired(rule.count())
        .setApprovalsGiven((int) given)
        .setFourEyes(rule.fourEyes())
        .setReason(reason(c, why))
        .build());
  }

  private String reason(Change c, String why) {
    StringBuilder text = new StringBuilder();
    if (c.state.getRequest().getMaintenanceType() == MaintenanceType.EMERGENCY) {
      text.append("EMERGENCY maintenance bypasses lead time");
    }
    if (c.state.getFreezeOverride()) {
      text.append(text.isEmpty() ? "" : "; ").append("OVERRIDES A FREEZE PERIOD: the override's approvals are required");
    }
    if (why != null) {
      text.append(text.isEmpty() ? "" : "; ").append(why);
    }
    return text.isEmpty() ? null : text.toString();
  }

  private void schedule(Change c, Instant previousStart, Instant previousEnd) {
    c.state.setStatus(WindowStatus.SCHEDULED);
    c.disarm(APPROVAL_TIMEOUT);
    c.emit(new WindowScheduled(Notices.summary(c.state.getRequest()), c.state.getScheduledStart(),
        c.state.getScheduledEnd(), previousStart, previousEnd, c.state.getFreezeOverride()));
    notices.plan(c);
    c.arm(WINDOW_START, DeadlineKind.WINDOW_START, c.state.getScheduledStart(), null);
  }

  /** PENDING_APPROVAL: a window-level approval; enough of them schedule the window. */
  void approve(Change c, ApprovalGiven a) {
    if (c.status() != WindowStatus.PENDING_APPROVAL) {
      c.reject("ApprovalGiven", "", "NOT_PENDING_APPROVAL", "window " + c.windowId() + " is " + c.status() + ", not waiting for approval");
      return;
    }
    ApprovalRule rule = rule(c);
    List<Approval> given = windowApprovals(c);
    if (Approvals.refusal(c, a, rule.roles(), rule.fourEyes(), given) != null) {
      return;
    }
    c.state.getApprovals().add(new Approval(a.getApprover(), a.getRole(), c.now, null, a.getComment()));
    if (given.size() + 1 >= rule.count()) {
      schedule(c, null, null);
    }
  }

  void cancel(Change c, CancelRequested q) {
    if (c.status() != WindowStatus.PENDING_APPROVAL && c.status() != WindowStatus.SCHEDULED) {
      c.reject("CancelRequested", "", "NOT_CANCELLABLE", "window " + c.windowId() + " is " + c.status()
          + (isOpen(c.status()) ? ": an open window is aborted, not cancelled" : ""));
      return;
    }
    WindowStatus previous = c.status();
    c.state.setStatus(WindowStatus.CANCELLED);
    c.state.getDeadlines().clear();
    c.emit(new WindowCancelled(q.getReason(), previous));
    notices.event(c, "cancellation", NoticeKind.CANCELLATION, q.getReason());
  }

  /** Deadlines of a window that has not opened; false when the deadline no longer applies. */
  boolean onTimer(Change c, DeadlineKind kind, String subject, Instant dueAt) {
    switch (kind) {
      case APPROVAL_TIMEOUT -> {
        if (c.status() != WindowStatus.PENDING_APPROVAL) {
          return false;
        }
        missed(c, "not approved before its start: " + windowApprovals(c).size() + " of " + rule(c).count() + " approvals");
      }
      case NOTICE -> {
        if (c.status() != WindowStatus.SCHEDULED) {
          return false;
        }
        notices.onDeadline(c, subject, dueAt);
      }
      case WINDOW_START, START_GRACE -> {
        if (c.status() != WindowStatus.SCHEDULED) {
          return false;
        }
        tryOpen(c);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A delivery fact: counts toward the notice gate, and may open a window held by it. */
  boolean onDelivered(Change c, String noticeId) {
    if (!c.state.getNoticesIssued().contains(noticeId) || c.state.getNoticesDelivered().contains(noticeId)) {
      return false;
    }
    c.state.getNoticesDelivered().add(noticeId);
    if (c.status() == WindowStatus.SCHEDULED && !c.now.isBefore(c.state.getScheduledStart())) {
      tryOpen(c);
    }
    return true;
  }

  /**
   * The start has come: open if every advance notice was delivered and the start is not more than
   * the grace ago; while notices are missing, wait until the grace ends; then MISSED.
   */
  private void tryOpen(Change c) {
    Instant start = c.state.getScheduledStart();
    Duration late = Duration.between(start, c.now);
    if (late.isNegative()) {
      c.arm(WINDOW_START, DeadlineKind.WINDOW_START, start, null); // fired early: wait for the start
      return;
    }
    Duration grace = policy.lateStartGrace(c.state.getRequest().getEnvironment());
    List<String> undelivered = notices.undelivered(c);
    boolean tooLate = late.compareTo(grace) > 0 || !c.now.isBefore(c.state.getScheduledEnd());
    if (!tooLate && undelivered.isEmpty()) {
      execution.open(c, late);
    } else if (!tooLate && late.compareTo(grace) < 0) {
      c.arm(START_GRACE, DeadlineKind.START_GRACE, start.plus(grace), null);
    } else {
      missed(c, undelivered.isEmpty()
          ? "the start passed " + late.toSeconds() + "s ago, beyond the late-start grace of " + grace.toSeconds() + "s"
          : "required notices were not delivered by the end of the late-start grace: " + String.join(", ", undelivered));
    }
  }

  private void missed(Change c, String reason) {
    c.state.setStatus(WindowStatus.MISSED);
    c.state.setFailureDetail(reason);
    c.state.getDeadlines().clear();
    c.emit(new WindowMissed(c.state.getScheduledStart(), c.state.getScheduledEnd(), reason));
    notices.event(c, "missed", NoticeKind.MISSED, reason);
  }

  /**
   * The type's approvals; for a window an alert opened, the policy's alert approvals (none by
   * default: the runbook's go/no-go gates hold its destructive steps), in a freeze too.
   */
  private ApprovalRule rule(Change c) {
    if (AlertLabels.triggered(c.state.getRequest())) {
      return policy.alertApprovals();
    }
    return policy.approvals(c.state.getRequest().getMaintenanceType(), c.state.getFreezeOverride());
  }

  private static List<Approval> windowApprovals(Change c) {
    return c.state.getApprovals().stream().filter(a -> a.getStepId() == null).toList();
  }

  /** Commands that apply only before the window opens; anything later is refused. */
  private static boolean before(Change c, String command, String code) {
    if (c.status() == WindowStatus.PENDING_APPROVAL || c.status() == WindowStatus.SCHEDULED) {
      return true;
    }
    c.reject(command, "", code, "window " + c.windowId() + " is " + c.status() + "; only a window that has not opened can change");
    return false;
  }

  static boolean isOpen(WindowStatus s) {
    return s == WindowStatus.OPEN || s == WindowStatus.RUNNING || s == WindowStatus.PAUSED || s == WindowStatus.VALIDATING;
  }
}
