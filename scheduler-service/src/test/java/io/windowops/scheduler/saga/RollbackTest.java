package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.FAILED;
import static io.windowops.events.StepStatus.STARTED;
import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.abort;
import static io.windowops.scheduler.saga.Fixtures.compensation;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.CompensateStep;
import io.windowops.events.FailureCause;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStarted;
import io.windowops.events.StepState;
import io.windowops.events.StepSucceeded;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rolling back")
class RollbackTest {

  private static final Instant T = START.plusSeconds(120);

  @Test
  @DisplayName("a failed last step compensates the completed steps in reverse order, then ROLLED_BACK and notifies")
  void reverseOrder() {
    SagaSpec.Then failed = given(Windows.atLastStep()).when(step("smoke", 1, FAILED)).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(StepFailed.class, NoticeDue.class, RollbackStarted.class, NoticeDue.class)
        .compensates("upgrade#1")
        .noDeadline("WINDOW_END")
        .hasDeadline("COMPENSATION_TIMEOUT:upgrade");
    RollbackStarted started = failed.event(RollbackStarted.class);
    assertThat(started.getCompensations()).containsExactly("upgrade", "drain");
    assertThat(started.getStepId()).isEqualTo("smoke");
    assertThat(failed.all(NoticeDue.class)).extracting(NoticeDue::getKind, NoticeDue::getNoticeId)
        .containsExactly(tuple(NoticeKind.PROGRESS, "step-smoke-1"), tuple(NoticeKind.FAILURE, "failure"));
    CompensateStep undo = (CompensateStep) failed.decision.stepCommands().get(0).getPayload();
    assertThat(undo.getCompensation().getAction()).isEqualTo("command:downgrade");
    assertThat(undo.getStepOutputs()).containsEntry("previousVersion", "1.2");

    SagaSpec.Then first = given(failed.state()).when(compensation("upgrade", 1, SUCCEEDED)).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(StepSucceeded.class)
        .compensates("drain#1");
    SagaSpec.Then done = given(first.state()).when(compensation("drain", 1, SUCCEEDED)).at(T).expect()
        .status(WindowStatus.ROLLED_BACK)
        .events(StepSucceeded.class, WindowRolledBack.class, NoticeDue.class)
        .noCommands()
        .noDeadlines();
    assertThat(done.event(WindowRolledBack.class).getCompensatedSteps()).containsExactly("upgrade", "drain");
    assertThat(done.event(WindowRolledBack.class).getCause()).isEqualTo(FailureCause.STEP_FAILED);
    assertThat(done.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.ROLLBACK);
  }

  @Test
  @DisplayName("a compensation's STARTED is mirrored; a stale compensation outcome changes nothing")
  void compensationOutcomes() {
    WindowStateSnapshot s = after(Windows.atLastStep(), T, step("smoke", 1, FAILED));
    given(s).when(compensation("upgrade", 1, STARTED)).at(T).expect().events(StepStarted.class);
    given(s).when(compensation("drain", 1, SUCCEEDED)).at(T).expect().unchanged();
  }

  @Test
  @DisplayName("steps without a compensation are skipped")
  void noCompensation() {
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), step("notify", null), step("upgrade", "x"))).build());
    s = after(s, T, step("drain", 1, SUCCEEDED), step("notify", 1, SUCCEEDED));
    SagaSpec.Then then = given(s).when(step("upgrade", 1, FAILED)).at(T).expect().compensates("drain#1");
    assertThat(then.event(RollbackStarted.class).getCompensations()).containsExactly("drain");
  }

  @Test
  @DisplayName("a compensation that fails for good stops the rollback and escalates: ROLLBACK_FAILED")
  void rollbackFails() {
    WindowStateSnapshot s = after(Windows.atLastStep(), T, step("smoke", 1, FAILED));
    SagaSpec.Then then = given(s).when(compensation("upgrade", 1, FAILED)).at(T).expect()
        .status(WindowStatus.ROLLBACK_FAILED)
        .events(StepFailed.class, WindowRollbackFailed.class, NoticeDue.class)
        .noCommands()
        .noDeadlines();
    WindowRollbackFailed f = then.event(WindowRollbackFailed.class);
    assertThat(f.getFailedCompensations()).containsExactly("upgrade");
    assertThat(f.getCompensatedSteps()).isEmpty();
    assertThat(f.getDetail()).contains("upgrade");
    assertThat(then.state().getSteps().get("upgrade").getState()).isEqualTo(StepState.COMPENSATION_FAILED);
  }

  @Test
  @DisplayName("a compensation is retried with the step's backoff; a lost one times out")
  void compensationRetry() {
    StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(1).build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(upgrade, step("smoke", null))).build());
    s = after(s, T, step("upgrade", 1, SUCCEEDED), step("smoke", 1, FAILED));
    SagaSpec.Then retry = given(s).when(compensation("upgrade", 1, FAILED)).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(StepFailed.class)
        .deadlineAt("COMPENSATION_RETRY:upgrade", T.plusSeconds(10));
    SagaSpec.Then second = given(retry.state()).when(fire(retry.state(), "COMPENSATION_RETRY:upgrade")).at(T.plusSeconds(10)).expect()
        .compensates("upgrade#2");
    given(second.state()).when(fire(second.state(), "COMPENSATION_TIMEOUT:upgrade")).at(T.plusSeconds(400)).expect()
        .status(WindowStatus.ROLLBACK_FAILED)
        .cancels("upgrade#2"); // the overdue compensation is stopped, not left running behind the person who takes over
  }

  @Test
  @DisplayName("overrun: past the window's end the window rolls back once the running step is done")
  void overrun() {
    WindowStateSnapshot s = after(Windows.running(), T, step("drain", 1, SUCCEEDED));
    SagaSpec.Then over = given(s).when(fire(s, "WINDOW_END")).at(END).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(RollbackStarted.class, NoticeDue.class)
        .cancels("upgrade#1") // upgrade is still running: cancelled, and nothing is compensated under it
        .compensates();
    assertThat(over.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.OVERRUN);
    assertThat(over.event(RollbackStarted.class).getCompensations()).containsExactly("drain");
    given(over.state()).when(step("upgrade", 1, SUCCEEDED)).at(END.plusSeconds(30)).expect()
        .compensates("upgrade#1");
  }

  @Test
  @DisplayName("abort: an open window rolls back; a step failing during the rollback is not retried")
  void abortWhileRunning() {
    StepSpec drain = StepSpec.newBuilder(step("drain", "undrain")).setMaxRetries(3).build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(drain, step("upgrade", "downgrade"))).build());
    SagaSpec.Then aborted = given(s).when(abort()).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .cancels("drain#1")
        .compensates();
    assertThat(aborted.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.ABORTED);
    SagaSpec.Then then = given(aborted.state()).when(step("drain", 1, FAILED)).at(T).expect()
        .status(WindowStatus.ROLLED_BACK)
        .events(StepFailed.class, WindowRolledBack.class, NoticeDue.class);
    assertThat(then.event(StepFailed.class).getWillRetry()).isFalse();
    assertThat(then.state().getSteps().get("upgrade").getState()).isEqualTo(StepState.SKIPPED);
  }

  @Test
  @DisplayName("abort during a retry wait drops the retry and compensates what completed")
  void abortDuringRetryWait() {
    StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(2).build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), upgrade)).build());
    s = after(s, T, step("drain", 1, SUCCEEDED), step("upgrade", 1, FAILED));
    given(s).when(abort()).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .compensates("drain#1")
        .noDeadline("STEP_RETRY:upgrade");
  }

  @Test
  @DisplayName("a failure in a parallel group waits for its sibling, then compensates what completed")
  void parallelFailure() {
    StepSpec a = StepSpec.newBuilder(step("node-a", "undo-a")).setParallelGroup("nodes").build();
    StepSpec b = StepSpec.newBuilder(step("node-b", "undo-b")).setParallelGroup("nodes").build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), a, b)).build());
    s = after(s, T, step("drain", 1, SUCCEEDED));
    SagaSpec.Then failed = given(s).when(step("node-a", 1, FAILED)).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .cancels("node-b#1")
        .compensates();
    SagaSpec.Then sibling = given(failed.state()).when(step("node-b", 1, SUCCEEDED)).at(T).expect()
        .compensates("node-b#1");
    given(sibling.state()).when(compensation("node-b", 1, SUCCEEDED)).at(T).expect()
        .compensates("drain#1");
  }
}
