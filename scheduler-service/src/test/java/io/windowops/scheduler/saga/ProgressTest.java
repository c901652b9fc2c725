package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.FAILED;
import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.abort;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.pause;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.Deadline;
import io.windowops.events.DeadlineKind;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepSucceeded;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Progress notices of an open window (every 15 minutes by the test policy, and per step)")
class ProgressTest {

  private static final Duration EVERY = Duration.ofMinutes(15);
  private static final Instant FIRST = START.plus(EVERY);

  @Nested
  @DisplayName("the periodic notice")
  class Periodic {

    @Test
    @DisplayName("is armed when the window opens, one interval after the start, and not yet sent")
    void armedAtOpen() {
      WindowStateSnapshot s = Windows.announced();
      SagaSpec.Then then = given(s).when(fire(s, "WINDOW_START")).at(START).expect()
          .status(WindowStatus.RUNNING)
          .deadlineAt(Progress.TIMER, FIRST);
      Deadline d = then.deadline(Progress.TIMER);
      assertThat(d.getKind()).isEqualTo(DeadlineKind.NOTICE);
      assertThat(d.getSubject()).isEqualTo("progress-1");
      assertThat(then.all(NoticeDue.class)).extracting(NoticeDue::getKind).doesNotContain(NoticeKind.PROGRESS);
    }

    @Test
    @DisplayName("when it fires, says what is done and running, and arms the next one")
    void fires() {
      WindowStateSnapshot s = after(Windows.running(), START.plusSeconds(60), step("drain", 1, SUCCEEDED));
      SagaSpec.Then then = given(s).when(fire(s, Progress.TIMER)).at(FIRST).expect()
          .status(WindowStatus.RUNNING)
          .events(NoticeDue.class)
          .noCommands()
          .deadlineAt(Progress.TIMER, FIRST.plus(EVERY));
      NoticeDue n = then.event(NoticeDue.class);
      assertThat(n.getKind()).isEqualTo(NoticeKind.PROGRESS);
      assertThat(n.getNoticeId()).isEqualTo("progress-1");
      assertThat(n.getDetail()).isEqualTo("1 of 3 steps done; running: upgrade");
      assertThat(n.getDueAt()).isEqualTo(FIRST);
      assertThat(n.getStatus()).isEqualTo(WindowStatus.RUNNING);
      assertThat(then.deadline(Progress.TIMER).getSubject()).isEqualTo("progress-2");

      SagaSpec.Then second = given(then.state()).when(fire(then.state(), Progress.TIMER))
          .at(FIRST.plus(EVERY)).expect().events(NoticeDue.class);
      assertThat(second.event(NoticeDue.class).getNoticeId()).isEqualTo("progress-2");
      assertThat(second.deadline(Progress.TIMER).getSubject()).isEqualTo("progress-3");
    }

    @Test
    @DisplayName("fired late (a restored window), announces once and skips the intervals already gone")
    void late() {
      WindowStateSnapshot s = Windows.running();
      Instant late = START.plus(Duration.ofMinutes(50));
      SagaSpec.Then then = given(s).when(fire(s, Progress.TIMER)).at(late).expect()
          .events(NoticeDue.class)
          .deadlineAt(Progress.TIMER, START.plus(Duration.ofMinutes(60)));
      assertThat(then.event(NoticeDue.class).getDueAt()).isEqualTo(FIRST);
      assertThat(then.deadline(Progress.TIMER).getSubject()).isEqualTo("progress-2");
    }

    @Test
    @DisplayName("keeps going while paused and says so")
    void paused() {
      WindowStateSnapshot s = after(Windows.running(), START.plusSeconds(60), pause(), step("drain", 1, SUCCEEDED));
      assertThat(s.getStatus()).isEqualTo(WindowStatus.PAUSED);
      SagaSpec.Then then = given(s).when(fire(s, Progress.TIMER)).at(FIRST).expect()
          .status(WindowStatus.PAUSED)
          .events(NoticeDue.class)
          .hasDeadline(Progress.TIMER);
      assertThat(then.event(NoticeDue.class).getDetail()).isEqualTo("1 of 3 steps done; paused");
    }

    @Test
    @DisplayName("arms none at or after the window's end: the end decides what happens then")
    void notPastTheEnd() {
      WindowStateSnapshot s = Windows.running();
      Instant lastBeforeEnd = END.minus(EVERY);
      SagaSpec.Then then = given(s).when(fire(s, Progress.TIMER)).at(lastBeforeEnd).expect()
          .events(NoticeDue.class)
          .noDeadline(Progress.TIMER)
          .hasDeadline(Execution.WINDOW_END);
      assertThat(then.event(NoticeDue.class).getNoticeId()).isEqualTo("progress-1");
    }

    @Test
    @DisplayName("a redelivered or stale progress timer changes nothing")
    void redelivered() {
      WindowStateSnapshot s = Windows.running();
      SagaInput timer = fire(s, Progress.TIMER);
      WindowStateSnapshot fired = after(s, FIRST, timer);
      given(fired).when(timer).at(FIRST.plusSeconds(1)).expect().unchanged();
      // The same deadline fired again under another event id (a timer restored twice).
      given(fired).when(fire(s, Progress.TIMER)).at(FIRST.plusSeconds(2)).expect().unchanged();
    }
  }

  @Nested
  @DisplayName("the per-step notice")
  class PerStep {

    @Test
    @DisplayName("follows each succeeded step, with a stable id and what is done")
    void succeeded() {
      SagaSpec.Then then = given(Windows.running()).when(step("drain", 1, SUCCEEDED)).at(START.plusSeconds(60)).expect()
          .events(StepSucceeded.class, NoticeDue.class)
          .runs("upgrade#1");
      NoticeDue n = then.event(NoticeDue.class);
      assertThat(n.getKind()).isEqualTo(NoticeKind.PROGRESS);
      assertThat(n.getNoticeId()).isEqualTo("step-drain-1");
      assertThat(n.getDetail()).isEqualTo("step drain succeeded; 1 of 3 steps done");
      assertThat(then.state().getNoticesIssued()).contains("step-drain-1");
    }

    @Test
    @DisplayName("follows a step that failed for good, before the rollback; a failed attempt with retries left sends none")
    void failed() {
      StepSpec upgrade = StepSpec.newBuilder(Fixtures.step("upgrade", "downgrade")).setMaxRetries(1).build();
      MaintenanceRequested r = planned().setSteps(List.of(Fixtures.step("drain", "undrain"), upgrade)).build();
      Instant t = START.plusSeconds(60);
      WindowStateSnapshot s = after(Windows.opened(r), t, step("drain", 1, SUCCEEDED));

      SagaSpec.Then retrying = given(s).when(step("upgrade", 1, FAILED)).at(t).expect().events(StepFailed.class);
      WindowStateSnapshot again = after(retrying.state(), t.plusSeconds(10), fire(retrying.state(), "STEP_RETRY:upgrade"));

      SagaSpec.Then then = given(again).when(step("upgrade", 2, FAILED)).at(t.plusSeconds(20)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .events(StepFailed.class, NoticeDue.class, RollbackStarted.class, NoticeDue.class)
          .noDeadline(Progress.TIMER);
      NoticeDue n = then.all(NoticeDue.class).get(0);
      assertThat(n.getKind()).isEqualTo(NoticeKind.PROGRESS);
      assertThat(n.getNoticeId()).isEqualTo("step-upgrade-2");
      assertThat(n.getDetail()).isEqualTo("step upgrade failed after 2 attempt(s): exit 1; 1 of 2 steps done");
      assertThat(then.all(NoticeDue.class).get(1).getKind()).isEqualTo(NoticeKind.FAILURE);
    }
  }

  @Nested
  @DisplayName("is disarmed when the window leaves the open states")
  class Disarmed {

    @Test
    @DisplayName("on completion")
    void completion() {
      given(Windows.atLastStep()).when(step("smoke", 1, SUCCEEDED)).at(START.plusSeconds(60)).expect()
          .status(WindowStatus.COMPLETED)
          .noDeadline(Progress.TIMER);
    }

    @Test
    @DisplayName("on rollback, and its timer firing afterwards changes nothing")
    void rollback() {
      WindowStateSnapshot s = Windows.running();
      SagaSpec.Then aborted = given(s).when(abort()).at(START.plusSeconds(60)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .noDeadline(Progress.TIMER);
      given(aborted.state()).when(fire(s, Progress.TIMER)).at(FIRST).expect().unchanged();
    }
  }

  @Test
  @DisplayName("is never part of the notice gate: only advance notices are")
  void notInTheGate() {
    WindowStateSnapshot s = after(Windows.running(), START.plusSeconds(60), step("drain", 1, SUCCEEDED));
    Change c = new Change(s, Fixtures.meta("test"), FIRST);
    assertThat(new Notices(new TestPolicy()).undelivered(c)).doesNotContain("step-drain-1");
    assertThat(new Notices(new TestPolicy()).advance(s.getRequest()))
        .noneMatch(n -> n.noticeId().startsWith("step-") || n.noticeId().startsWith("progress-"));
  }
}
