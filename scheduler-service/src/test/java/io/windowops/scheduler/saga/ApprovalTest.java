package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.approve;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.requested;
import static io.windowops.scheduler.saga.Fixtures.reschedule;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ApprovalNeeded;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Approvals")
class ApprovalTest {

  @Test
  @DisplayName("one from a VP schedules a planned outage: WindowScheduled, notice deadlines, start deadline")
  void approvalSchedules() {
    SagaSpec.Then then = given(Windows.pendingApproval()).when(approve("bob", "vp")).at(NOW.plusSeconds(60)).expect()
        .status(WindowStatus.SCHEDULED)
        .events(WindowScheduled.class)
        .deadlineAt("NOTICE:initial", START.minus(Duration.ofDays(7)))
        .deadlineAt("NOTICE:reminder-PT24H", START.minus(Duration.ofHours(24)))
        .deadlineAt("WINDOW_START", START)
        .noDeadline("APPROVAL_TIMEOUT");
    assertThat(then.state().getApprovals()).extracting(a -> a.getApprover() + "/" + a.getRole()).containsExactly("bob/vp");
  }

  @Test
  @DisplayName("the requester may not approve their own window (four-eyes)")
  void selfApproval() {
    given(Windows.pendingApproval()).when(approve(Fixtures.REQUESTER, "vp")).at(NOW).expect().rejected("SELF_APPROVAL");
  }

  @Test
  @DisplayName("a role the type does not name does not count")
  void wrongRole() {
    given(Windows.pendingApproval()).when(approve("bob", "intern")).at(NOW).expect().rejected("ROLE_NOT_ALLOWED");
  }

  @Test
  @DisplayName("an approval for a window no longer pending is refused")
  void approvalWhenScheduled() {
    given(Windows.scheduled()).when(approve("carol", "vp")).at(NOW).expect().rejected("NOT_PENDING_APPROVAL");
  }

  @Test
  @DisplayName("an emergency bypasses lead time, says so, and needs two distinct approvers")
  void emergency() {
    Instant start = Instant.parse("2026-11-11T02:00:00Z"); // 17 hours after NOW: less than any lead time
    MaintenanceRequested r = planned().setMaintenanceType(MaintenanceType.EMERGENCY)
        .setRequestedStart(start).setRequestedEnd(start.plus(Duration.ofHours(1))).build();
    SagaSpec.Then then = given(null).when(requested(r)).at(NOW).expect().status(WindowStatus.PENDING_APPROVAL);
    ApprovalNeeded needed = then.event(ApprovalNeeded.class);
    assertThat(needed.getApprovalsRequired()).isEqualTo(2);
    assertThat(needed.getReason()).contains("EMERGENCY maintenance bypasses lead time");

    WindowStateSnapshot one = after(then.state(), NOW, approve("bob", "sre-lead"));
    assertThat(one.getStatus()).isEqualTo(WindowStatus.PENDING_APPROVAL);
    given(one).when(approve("bob", "cto")).at(NOW).expect().rejected("DUPLICATE_APPROVAL");
    SagaSpec.Then scheduled = given(one).when(approve("carol", "cto")).at(NOW).expect()
        .status(WindowStatus.SCHEDULED);
    // The immediate notice is due at once: when it is issued, not a lead time before the start.
    assertThat(scheduled.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.INITIAL);
    assertThat(scheduled.event(NoticeDue.class).getDueAt()).isEqualTo(NOW);
    assertThat(scheduled.event(NoticeDue.class).getLeadTime()).isNull();
    assertThat(scheduled.event(WindowScheduled.class).getFreezeOverride()).isFalse();
  }

  @Test
  @DisplayName("an emergency inside a freeze records the override and needs the override's approvals")
  void emergencyInFreeze() {
    Instant start = Instant.parse("2026-12-20T02:00:00Z");
    MaintenanceRequested r = planned().setMaintenanceType(MaintenanceType.EMERGENCY)
        .setRequestedStart(start).setRequestedEnd(start.plus(Duration.ofHours(1))).build();
    SagaSpec.Then then = given(null).when(requested(r)).at(start.minus(Duration.ofHours(2))).expect()
        .status(WindowStatus.PENDING_APPROVAL);
    assertThat(then.event(ApprovalNeeded.class).getApprovalsRequired()).isEqualTo(3);
    assertThat(then.event(ApprovalNeeded.class).getReason()).contains("OVERRIDES A FREEZE PERIOD");
    assertThat(then.state().getFreezeOverride()).isTrue();
    WindowStateSnapshot s = after(then.state(), start.minus(Duration.ofHours(1)),
        approve("bob", "sre-lead"), approve("carol", "cto"));
    SagaSpec.Then scheduled = given(s).when(approve("dave", "cto")).at(start.minus(Duration.ofHours(1))).expect()
        .status(WindowStatus.SCHEDULED);
    assertThat(scheduled.event(WindowScheduled.class).getFreezeOverride()).isTrue();
  }

  @Test
  @DisplayName("a window not approved by its start is missed")
  void approvalTimeout() {
    WindowStateSnapshot s = Windows.pendingApproval();
    SagaSpec.Then then = given(s).when(fire(s, "APPROVAL_TIMEOUT")).at(START).expect()
        .status(WindowStatus.MISSED)
        .events(WindowMissed.class, NoticeDue.class)
        .noDeadlines();
    assertThat(then.event(WindowMissed.class).getReason()).contains("not approved");
  }

  @Test
  @DisplayName("are void when a reschedule moves the window: it waits for approval again and the move is announced")
  void rescheduleVoidsApprovals() {
    WindowStateSnapshot s = Windows.scheduled();
    s = after(s, START.minus(Duration.ofDays(7)), fire(s, "NOTICE:initial"));
    Instant newStart = START.plus(Duration.ofDays(1));
    SagaSpec.Then then = given(s).when(reschedule(newStart, newStart.plus(Duration.ofHours(1))))
        .at(START.minus(Duration.ofDays(6))).expect()
        .status(WindowStatus.PENDING_APPROVAL)
        .events(NoticeDue.class, ApprovalNeeded.class)
        .noDeadline("WINDOW_START")
        .noDeadline("NOTICE:reminder-PT24H")
        .deadlineAt("APPROVAL_TIMEOUT", newStart);
    assertThat(then.state().getApprovals()).isEmpty();
    assertThat(then.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.RESCHEDULE);
    assertThat(then.event(NoticeDue.class).getScheduledStart()).isEqualTo(newStart);
    assertThat(then.event(ApprovalNeeded.class).getReason()).contains("approvals given before are void");
    assertThat(then.state().getScheduledStart()).isEqualTo(newStart);

    SagaSpec.Then again = given(then.state()).when(approve("bob", "vp")).at(START.minus(Duration.ofDays(6))).expect()
        .status(WindowStatus.SCHEDULED)
        .deadlineAt("NOTICE:reminder-PT24H", newStart.minus(Duration.ofHours(24)))
        .noDeadline("NOTICE:initial");
    assertThat(again.event(WindowScheduled.class).getScheduledStart()).isEqualTo(newStart);
  }

  @Test
  @DisplayName("are void when an amended request changes the steps")
  void amendmentVoidsApprovals() {
    MaintenanceRequested amended = planned().setSteps(List.of(step("drain", "undrain"), step("upgrade-v2", "downgrade"))).build();
    SagaSpec.Then then = given(Windows.scheduled()).when(requested(amended)).at(NOW).expect()
        .status(WindowStatus.PENDING_APPROVAL)
        .events(ApprovalNeeded.class);
    assertThat(then.state().getApprovals()).isEmpty();
    assertThat(then.state().getSteps()).containsOnlyKeys("drain", "upgrade-v2");
  }

  @Test
  @DisplayName("an amendment by someone else than the requester is refused")
  void amendmentByOther() {
    given(Windows.scheduled()).when(requested(planned().setRequester("mallory").setTitle("x").build())).at(NOW).expect()
        .rejected("REQUESTER_MISMATCH");
  }

  @Test
  @DisplayName("a reschedule the policy refuses changes nothing and lists the violations")
  void badReschedule() {
    Instant bad = START.plus(Duration.ofHours(5));
    given(Windows.scheduled()).when(reschedule(bad, bad.plus(Duration.ofHours(1)))).at(NOW).expect()
        .rejected("OUTSIDE_ALLOWED_SLOT");
  }

  @Test
  @DisplayName("a reschedule to the same time keeps the approvals")
  void rescheduleToSameTime() {
    SagaSpec.Then then = given(Windows.scheduled()).when(reschedule(START, END)).at(NOW).expect()
        .status(WindowStatus.SCHEDULED).events();
    assertThat(then.state().getApprovals()).hasSize(1);
  }
}
