package io.windowops.scheduler.saga;

import io.windowops.events.DeadlineKind;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.WindowSummary;
import io.windowops.scheduler.policy.WindowPolicy;
import io.windowops.scheduler.policy.WindowPolicy.NoticeRequirement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The notices of a window: the ones its type requires before the start (each armed as a NOTICE
 * deadline at its lead time, or issued at once when that time has passed), the ones tied to a
 * moment (start, completion), and the ones events call for (reschedule, cancellation, failure,
 * rollback, missed). The notifier delivers exactly one message per notice id, so ids are stable.
 */
final class Notices {

  static final String START = "start";
  static final String COMPLETION = "completion";
  private static final String TIMER_PREFIX = "NOTICE:";

  private final WindowPolicy policy;

  Notices(WindowPolicy policy) {
    this.policy = policy;
  }

  /** Notices announced before the start: the gate requires a delivery of each. */
  List<NoticeRequirement> advance(MaintenanceRequested request) {
    return policy.notices(request.getMaintenanceType()).stream()
        .filter(n -> !n.atCompletion() && n.leadTime().compareTo(Duration.ZERO) > 0)
        .toList();
  }

  /**
   * Issues every advance notice whose time has come and arms a deadline for the others. Issued
   * notices stay issued across a reschedule (the RESCHEDULE notice tells of the new time).
   */
  void plan(Change c) {
    Instant start = c.state.getScheduledStart();
    for (NoticeRequirement notice : advance(c.state.getRequest())) {
      if (c.state.getNoticesIssued().contains(notice.noticeId())) {
        continue;
      }
      Instant due = start.minus(notice.leadTime());
      if (due.isAfter(c.now)) {
        c.arm(TIMER_PREFIX + notice.noticeId(), DeadlineKind.NOTICE, due, notice.noticeId());
      } else {
        issueAdvance(c, notice, due);
      }
    }
  }

  /** A NOTICE deadline fired. */
  void onDeadline(Change c, String noticeId, Instant dueAt) {
    advance(c.state.getRequest()).stream()
        .filter(n -> n.noticeId().equals(noticeId))
        .filter(n -> !c.state.getNoticesIssued().contains(noticeId))
        .findFirst()
        .ifPresent(n -> issueAdvance(c, n, dueAt));
  }

  /** Disarms the advance notices' deadlines (not the progress deadline, which shares the kind). */
  void disarm(Change c) {
    c.state.getDeadlines().removeIf(d -> d.getTimerId().startsWith(TIMER_PREFIX));
  }

  /** The advance notices not yet delivered by the notifier; empty means the gate is open. */
  List<String> undelivered(Change c) {
    return advance(c.state.getRequest()).stream()
        .map(NoticeRequirement::noticeId)
        .filter(id -> !c.state.getNoticesDelivered().contains(id))
        .toList();
  }

  /** The START or COMPLETION notice, when the type's schedule asks for it. */
  void moment(Change c, String noticeId, NoticeKind kind) {
    boolean required =
        policy.notices(c.state.getRequest().getMaintenanceType()).stream()
            .anyMatch(n -> n.noticeId().equals(noticeId));
    if (required) {
      issue(c, noticeId, kind, c.now, null, null);
    }
  }

  /** A notice an event calls for (reschedule, cancellation, failure, rollback, missed). */
  void event(Change c, String noticeId, NoticeKind kind, String detail) {
    issue(c, noticeId, kind, c.now, null, detail);
  }

  /** A PROGRESS notice of an open window; never part of the gate (see {@link #advance}). */
  void progress(Change c, String noticeId, Instant due, String detail) {
    issue(c, noticeId, NoticeKind.PROGRESS, due, null, detail);
  }

  /** An ESCALATION notice to one level of the escalation matrix; never part of the gate. */
  void escalation(Change c, String noticeId, Instant due, String detail, String escalateTo) {
    issue(c, noticeId, NoticeKind.ESCALATION, due, null, detail, escalateTo);
  }

  private void issueAdvance(Change c, NoticeRequirement notice, Instant due) {
    NoticeKind kind = "initial".equals(notice.noticeId()) ? NoticeKind.INITIAL : NoticeKind.REMINDER;
    if (notice.leadTime().compareTo(WindowPolicy.IMMEDIATE) >= 0) {
      // An immediate notice is due when it is issued, not a lead time before the start.
      issue(c, notice.noticeId(), kind, c.now, null, null);
      return;
    }
    issue(c, notice.noticeId(), kind, due, iso(notice.leadTime()), null);
  }

  private void issue(
      Change c, String noticeId, NoticeKind kind, Instant due, String leadTime, String detail) {
    issue(c, noticeId, kind, due, leadTime, detail, null);
  }

  private void issue(
      Change c, String noticeId, NoticeKind kind, Instant due, String leadTime, String detail, String escalateTo) {
    if (c.state.getNoticesIssued().contains(noticeId)) {
      return;
    }
    c.state.getNoticesIssued().add(noticeId);
    c.disarm(TIMER_PREFIX + noticeId);
    c.emit(
        NoticeDue.newBuilder()
            .setNoticeId(noticeId)
            .setKind(kind)
            .setStatus(c.status())
            .setSummary(summary(c.state.getRequest()))
            .setScheduledStart(c.state.getScheduledStart())
            .setScheduledEnd(c.state.getScheduledEnd())
            .setDueAt(due)
            .setLeadTime(leadTime)
            .setDetail(detail)
            .setEscalateTo(escalateTo)
            .build());
  }

  /** ISO-8601 as people write lead times: {@code P7D}, {@code PT24H}. */
  static String iso(Duration lead) {
    if (lead.toDays() > 0 && lead.equals(Duration.ofDays(lead.toDays())) && lead.toDays() != 1) {
      return "P" + lead.toDays() + "D";
    }
    return lead.toString();
  }

  static WindowSummary summary(MaintenanceRequested r) {
    return WindowSummary.newBuilder()
        .setTitle(r.getTitle())
        .setDescription(r.getDescription())
        .setServices(List.copyOf(r.getServices()))
        .setEnvironment(r.getEnvironment())
        .setMaintenanceType(r.getMaintenanceType())
        .setImpact(r.getImpact())
        .setAudiences(List.copyOf(r.getAudiences()))
        .setRequester(r.getRequester())
        .setLabels(new java.util.HashMap<>(r.getLabels()))
        .build();
  }
}
