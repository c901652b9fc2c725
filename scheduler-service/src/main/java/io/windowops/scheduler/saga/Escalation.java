package io.windowops.scheduler.saga;

import io.windowops.events.DeadlineKind;
import io.windowops.events.IncidentEscalated;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy;
import io.windowops.scheduler.policy.WindowPolicy.EscalationLevel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The escalation matrix of an alert-triggered window: while it is not completed, each level of
 * its severity's matrix is notified once its threshold after the alert's start has passed
 * (IncidentEscalated, then an ESCALATION notice with id {@code escalation-<level>}). One deadline
 * at a time rides on a NOTICE deadline with its own timer id, like the progress notices. The saga
 * calls {@link #keep} after every input it applies, so the next level is armed again after a
 * terminal transition cleared every deadline (a failed or rolled-back incident is still open).
 */
final class Escalation {

  static final String TIMER = "ESCALATION";
  static final String NOTICE_PREFIX = "escalation-";

  private final WindowPolicy policy;
  private final Notices notices;

  Escalation(WindowPolicy policy, Notices notices) {
    this.policy = policy;
    this.notices = notices;
  }

  static boolean owns(String timerId) {
    return TIMER.equals(timerId);
  }

  /** Notifies every level that is due and arms the deadline of the next one. */
  void keep(Change c) {
    MaintenanceRequested r = c.state.getRequest();
    Instant started = AlertLabels.startedAt(r);
    String severity = started == null ? null : AlertLabels.get(r, AlertLabels.SEVERITY);
    List<EscalationLevel> levels = severity == null ? List.of() : policy.escalation(severity);
    if (levels.isEmpty() || settled(c.status())) {
      c.disarm(TIMER);
      return;
    }
    for (int i = 0; i < levels.size(); i++) {
      String noticeId = NOTICE_PREFIX + i;
      if (c.state.getNoticesIssued().contains(noticeId)) {
        continue;
      }
      Instant due = started.plus(levels.get(i).after());
      if (due.isAfter(c.now)) {
        armOnce(c, due, noticeId);
        return;
      }
      escalate(c, i, levels.get(i), severity, due);
    }
    c.disarm(TIMER);
  }

  /** The escalation deadline fired: {@link #keep} notifies what is due. */
  boolean onTimer(Change c) {
    keep(c);
    return true;
  }

  /**
   * Completed: the runbook and its verification did the work; cancelled: a person decided. Any
   * other end (rejected by the policy, e.g. another window holds the service; failed; rolled back;
   * missed) leaves the incident to people, so the matrix goes on.
   */
  static boolean settled(WindowStatus status) {
    return status == WindowStatus.COMPLETED || status == WindowStatus.CANCELLED;
  }

  private void escalate(Change c, int index, EscalationLevel level, String severity, Instant due) {
    MaintenanceRequested r = c.state.getRequest();
    String after = level.after().toString();
    c.emit(new IncidentEscalated(index, level.escalateTo(), severity, after, c.status()));
    String detail = severity + " " + AlertLabels.get(r, AlertLabels.NAME) + " firing since "
        + AlertLabels.get(r, AlertLabels.STARTS_AT) + (index == 0 ? "" : ", not resolved after " + after)
        + ": notifying " + level.escalateTo() + "; window " + c.status()
        + (c.state.getScheduledStart() == null ? "" : "; " + Progress.detail(c, null));
    notices.escalation(c, NOTICE_PREFIX + index, due, detail, level.escalateTo());
  }

  /** Arms the deadline unless the very same one is armed (an input must not look like a change). */
  private static void armOnce(Change c, Instant due, String noticeId) {
    Optional<io.windowops.events.Deadline> armed = c.deadline(TIMER);
    if (armed.isPresent() && armed.get().getDueAt().equals(due) && noticeId.equals(armed.get().getSubject())) {
      return;
    }
    c.arm(TIMER, DeadlineKind.NOTICE, due, noticeId);
  }
}
