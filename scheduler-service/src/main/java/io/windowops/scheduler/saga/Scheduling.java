package io.windowops.scheduler.saga;

import io.windowops.events.Approval;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CancelRequested;
import io.windowops.events.DeadlineKind;
import io.windowops.events.EventMetadata;
import io.windowops.events.FailureCause;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.events.Violation;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.admission.Planning;
import io.windowops.scheduler.policy.WindowPolicy;
import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A window before it opens: its slot (claimed from the admission owner of its environment, the
 * single writer of every cross-window rule), approvals (voided by any change of the plan), reschedule,
 * cancel, notices, and the start itself: it opens only with every advance notice delivered and
 * no later than the policy's grace, else it is MISSED.
 */
final class Scheduling {

  private static final String APPROVAL_TIMEOUT = "APPROVAL_TIMEOUT";
  private static final String WINDOW_START = "WINDOW_START";
  private static final String START_GRACE = "START_GRACE";
  private static final String MAINTENANCE_REQUESTED = "MaintenanceRequested";
  private static final String RESCHEDULE_REQUESTED = "RescheduleRequested";

  private final WindowPolicy policy;
  private final Notices notices;
  private final Execution execution;
  private final Escalation escalation;

  Scheduling(WindowPolicy policy, Notices notices, Execution execution, Escalation escalation) {
    this.policy = policy;
    this.notices = notices;
    this.execution = execution;
    this.escalation = escalation;
  }

  /**
   * A new window: REQUESTED while the admission owner of its environment plans it against every
   * other window's claim; its answer ({@link #onGranted}, {@link #onRefused}) decides the rest.
   */
  Decision create(EventMetadata meta, MaintenanceRequested r, Instant now) {
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
    c.reserve(MAINTENANCE_REQUESTED, r, null);
    escalation.keep(c); // an alert's first responder is paged at once, whatever the slot's answer
    return c.decision();
  }

  /**
   * The same window id again: the same request is a duplicate (nothing changes); a changed one by
   * the same requester amends the plan while the window has not opened, once its slot is granted.
   */
  void amend(Change c, MaintenanceRequested r) {
    if (!before(c, MAINTENANCE_REQUESTED, "WINDOW_EXISTS")) {
      return;
    }
    if (!Objects.equals(r.getRequester(), c.state.getRequest().getRequester())) {
      c.reject(MAINTENANCE_REQUESTED, "requester", "REQUESTER_MISMATCH",
          "window " + c.windowId() + " was requested by " + c.state.getRequest().getRequester());
      return;
    }
    c.reserve(MAINTENANCE_REQUESTED, r, "the request was amended");
  }

  /** Asks for the new slot; the window keeps its current one until the new one is granted. */
  void reschedule(Change c, RescheduleRequested q) {
    if (!before(c, RESCHEDULE_REQUESTED, "NOT_RESCHEDULABLE")) {
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
    c.reserve(RESCHEDULE_REQUESTED, moved, q.getReason() == null ? "the window was rescheduled" : q.getReason());
  }

  /**
   * The admission owner holds a slot for a claim. A new window takes it; a window that has not
   * opened moves to it and releases its previous claim; anywhere else the claim no longer
   * applies and is released at once (a reschedule that lost the race with the window's start).
   */
  boolean onGranted(Change c, SlotGranted g) {
    boolean creating = c.status() == WindowStatus.REQUESTED && g.getClaimId().equals(c.state.getRequestEventId());
    boolean moving = !creating && (c.status() == WindowStatus.PENDING_APPROVAL || c.status() == WindowStatus.SCHEDULED)
        && !g.getClaimId().equals(c.state.getReservationId());
    if (creating) {
      c.state.setRequest(g.getRequest());
      c.state.setReservationId(g.getClaimId());
      take(c, g);
      awaitApprovalOrSchedule(c, null, null, null);
      return true;
    }
    if (moving) {
      String previousClaim = c.state.getReservationId();
      String previousEnvironment = c.state.getRequest().getEnvironment();
      c.state.setReservationId(g.getClaimId());
      move(c, g);
      if (previousClaim != null) {
        c.release(previousEnvironment, List.of(previousClaim));
      }
      return true;
    }
    if (g.getClaimId().equals(c.state.getReservationId())) {
      return false; // the slot the window already holds
    }
    c.release(g.getRequest().getEnvironment(), List.of(g.getClaimId()));
    if (!g.getClaimId().equals(c.state.getRequestEventId())) {
      c.reject(g.getCommand(), "", "NOT_RESCHEDULABLE",
          "window " + c.windowId() + " is " + c.status() + "; only a window that has not opened can change");
    }
    return true;
  }

  /** No slot for a claim: a new window is REJECTED naming every reason; a change is refused. */
  boolean onRefused(Change c, SlotRefused r) {
    if (c.status() == WindowStatus.REQUESTED && r.getClaimId().equals(c.state.getRequestEventId())) {
      List<Violation> violations = List.copyOf(r.getViolations());
      c.state.setStatus(WindowStatus.REJECTED);
      c.state.setFailureCause(FailureCause.POLICY_VIOLATION);
      c.state.setFailureDetail(violations.stream().map(Violation::getMessage).collect(Collectors.joining("; ")));
      c.emit(new WindowRejected(violations));
      return true;
    }
    if (!r.getClaimId().equals(c.state.getRequestEventId())) {
      c.reject(r.getCommand(), List.copyOf(r.getViolations())); // whatever the window's state now
      return true;
    }
    return false;
  }

  /** Moves a window that has not opened to a granted slot, or amends its work in place. */
  private void move(Change c, SlotGranted g) {
    MaintenanceRequested r = g.getRequest();
    Instant previousStart = c.state.getScheduledStart();
    Instant previousEnd = c.state.getScheduledEnd();
    boolean moved = !g.getStart().equals(previousStart) || !g.getEnd().equals(previousEnd);
    boolean workChanged = !sameWork(c.state.getRequest(), r);
    c.state.setRequest(r);
    if (!moved && !workChanged) {
      return;
    }
    // The plan changed: approvals given for the old one do not carry over.
    c.state.getApprovals().clear();
    c.state.setSteps(new java.util.LinkedHashMap<>(Steps.pending(r)));
    take(c, g);
    notices.disarm(c);
    c.disarm(START_GRACE); // a gate wait belongs to the old start
    String reason = g.getReason() == null ? "the window was rescheduled" : g.getReason();
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

  private static void take(Change c, SlotGranted g) {
    c.state.setScheduledStart(g.getStart());
    c.state.setScheduledEnd(g.getEnd());
    c.state.setFreezeOverride(g.getFreezeOverride());
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
    boolean completes = given.size() + 1 >= rule.count();
    if (completes && frozenSinceGranted(c)) {
      c.reject("ApprovalGiven", "requestedStart", "IN_FREEZE",
          "a freeze period now covers window " + c.windowId() + " (the policy changed after its slot was granted); reschedule it");
      return;
    }
    c.state.getApprovals().add(new Approval(a.getApprover(), a.getRole(), c.now, null, a.getComment()));
    if (completes) {
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
    if (frozenSinceGranted(c)) {
      missed(c, "a freeze period now covers the window (the policy changed after it was scheduled)");
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

  /**
   * A freeze period the policy gained after the slot was granted now covers it (the admission
   * checked freezes when it granted; an operator may add one later and restart).
   */
  private boolean frozenSinceGranted(Change c) {
    return !c.state.getFreezeOverride()
        && policy.inFreeze(Planning.plan(c.windowId(), c.state.getRequest(), c.state.getScheduledStart(), c.state.getScheduledEnd()));
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
