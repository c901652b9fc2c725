package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.approve;
import static io.windowops.scheduler.saga.Fixtures.cancel;
import static io.windowops.scheduler.saga.Fixtures.delivered;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RunStep;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notices and the start of a window")
class StartTest {

  private static final Instant WEEK_BEFORE = START.minus(Duration.ofDays(7));

  @Test
  @DisplayName("a notice deadline issues NoticeDue with its lead time, once")
  void noticeDue() {
    WindowStateSnapshot s = Windows.scheduled();
    SagaInput timer = fire(s, "NOTICE:initial");
    SagaSpec.Then then = given(s).when(timer).at(WEEK_BEFORE.plusSeconds(2)).expect()
        .status(WindowStatus.SCHEDULED)
        .events(NoticeDue.class)
        .noDeadline("NOTICE:initial");
    NoticeDue n = then.event(NoticeDue.class);
    assertThat(n.getNoticeId()).isEqualTo("initial");
    assertThat(n.getKind()).isEqualTo(NoticeKind.INITIAL);
    assertThat(n.getLeadTime()).isEqualTo("P7D");
    assertThat(n.getDueAt()).isEqualTo(WEEK_BEFORE);
    assertThat(n.getScheduledStart()).isEqualTo(START);
    assertThat(n.getSummary().getServices()).containsExactly("payments");
    assertThat(then.state().getNoticesIssued()).containsExactly("initial");
    // The same timer again (redelivered, or fired twice) changes nothing.
    given(then.state()).when(timer).at(WEEK_BEFORE.plusSeconds(3)).expect().unchanged();
  }

  @Test
  @DisplayName("notices whose time passed before the window was approved are issued at once")
  void lateApprovalIssuesPastNotices() {
    SagaSpec.Then then = given(Windows.pendingApproval()).when(approve("bob", "vp")).at(START.minus(Duration.ofDays(2))).expect()
        .status(WindowStatus.SCHEDULED)
        .deadlineAt("NOTICE:reminder-PT24H", START.minus(Duration.ofHours(24)));
    assertThat(then.all(NoticeDue.class)).extracting(NoticeDue::getNoticeId).containsExactly("initial");
  }

  @Test
  @DisplayName("with every advance notice delivered, the window opens at its start")
  void opensAtStart() {
    WindowStateSnapshot s = Windows.announced();
    SagaSpec.Then then = given(s).when(fire(s, "WINDOW_START")).at(START).expect()
        .status(WindowStatus.RUNNING)
        .events(WindowOpened.class, NoticeDue.class)
        .runs("drain#1")
        .deadlineAt("WINDOW_END", END)
        .deadlineAt("STEP_TIMEOUT:drain", START.plusSeconds(300 + 60))
        .noDeadline("WINDOW_START");
    assertThat(then.event(WindowOpened.class).getStartDelaySeconds()).isZero();
    assertThat(then.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.START);
    RunStep run = (RunStep) then.decision.stepCommands().get(0).getPayload();
    assertThat(run.getEnvironment()).isEqualTo("production");
    assertThat(run.getStep().getAction()).isEqualTo("command:drain");
  }

  @Test
  @DisplayName("notice gate: a window whose reminder was not delivered does not open, and waits for the grace")
  void noticeGateHolds() {
    WindowStateSnapshot s = Windows.scheduled();
    s = after(s, WEEK_BEFORE, fire(s, "NOTICE:initial"));
    s = after(s, START.minus(Duration.ofHours(24)), fire(s, "NOTICE:reminder-PT24H"));
    s = after(s, START.minus(Duration.ofHours(20)), delivered("initial"));
    SagaSpec.Then held = given(s).when(fire(s, "WINDOW_START")).at(START).expect()
        .status(WindowStatus.SCHEDULED)
        .events()
        .noCommands()
        .deadlineAt("START_GRACE", START.plus(TestPolicy.GRACE));

    // The delivery arrives within the grace: the window opens late.
    SagaSpec.Then opened = given(held.state()).when(delivered("reminder-PT24H")).at(START.plusSeconds(120)).expect()
        .status(WindowStatus.RUNNING)
        .runs("drain#1")
        .noDeadline("START_GRACE");
    assertThat(opened.event(WindowOpened.class).getStartDelaySeconds()).isEqualTo(120);

    // Or it never does: missed, and announced.
    SagaSpec.Then missed = given(held.state()).when(fire(held.state(), "START_GRACE")).at(START.plus(TestPolicy.GRACE)).expect()
        .status(WindowStatus.MISSED)
        .events(WindowMissed.class, NoticeDue.class)
        .noCommands()
        .noDeadlines();
    assertThat(missed.event(WindowMissed.class).getReason()).contains("reminder-PT24H");
    assertThat(missed.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.MISSED);
  }

  @Test
  @DisplayName("notice gate: a notice never issued cannot be delivered, so it cannot open the gate")
  void deliveryOfUnknownNotice() {
    WindowStateSnapshot s = Windows.scheduled();
    given(s).when(delivered("initial")).at(NOW).expect().unchanged();
  }

  @Test
  @DisplayName("a start that passed while no scheduler ran opens late within the grace")
  void lateWithinGrace() {
    WindowStateSnapshot s = Windows.announced();
    SagaSpec.Then then = given(s).when(fire(s, "WINDOW_START")).at(START.plus(Duration.ofMinutes(10))).expect()
        .status(WindowStatus.RUNNING);
    assertThat(then.event(WindowOpened.class).getStartDelaySeconds()).isEqualTo(600);
  }

  @Test
  @DisplayName("a start that passed beyond the grace is missed, and announced")
  void missedBeyondGrace() {
    WindowStateSnapshot s = Windows.announced();
    SagaSpec.Then then = given(s).when(fire(s, "WINDOW_START")).at(START.plus(Duration.ofMinutes(20))).expect()
        .status(WindowStatus.MISSED)
        .events(WindowMissed.class, NoticeDue.class)
        .noCommands()
        .noDeadlines();
    assertThat(then.event(WindowMissed.class).getReason()).contains("beyond the late-start grace");
  }

  @Test
  @DisplayName("a timer that is no longer armed (stale, or from an earlier plan) changes nothing")
  void staleTimer() {
    WindowStateSnapshot pending = Windows.pendingApproval();
    SagaInput timeout = fire(pending, "APPROVAL_TIMEOUT");
    WindowStateSnapshot scheduled = after(pending, NOW, approve("bob", "vp"));
    given(scheduled).when(timeout).at(START).expect().unchanged();
  }

  @Test
  @DisplayName("cancel before the window opens: CANCELLED, announced, every timer dropped")
  void cancelBeforeOpen() {
    SagaSpec.Then then = given(Windows.scheduled()).when(cancel()).at(NOW).expect()
        .status(WindowStatus.CANCELLED)
        .events(WindowCancelled.class, NoticeDue.class)
        .noDeadlines();
    assertThat(then.event(WindowCancelled.class).getPreviousStatus()).isEqualTo(WindowStatus.SCHEDULED);
    assertThat(then.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.CANCELLATION);
    given(Windows.pendingApproval()).when(cancel()).at(NOW).expect().status(WindowStatus.CANCELLED);
  }
}
