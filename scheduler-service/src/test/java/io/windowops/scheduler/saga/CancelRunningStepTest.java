package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.INTERRUPTED;
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

import io.windowops.events.CancelStep;
import io.windowops.events.FailureCause;
import io.windowops.events.NoticeDue;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepState;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A rollback cancels the steps still running")
class CancelRunningStepTest {

  private static final Instant T = START.plusSeconds(120);

  /** drain, upgrade (both undoable), then a 30-minute soak: the window is soaking after two steps. */
  private static WindowStateSnapshot soaking() {
    StepSpec soak = StepSpec.newBuilder(step("soak", null))
        .setAction("soak")
        .setParams(Map.of("duration", "PT30M"))
        .setTimeoutSeconds(3600)
        .build();
    WindowStateSnapshot s = Windows.opened(
        planned().setSteps(List.of(step("drain", "undrain"), step("upgrade", "downgrade"), soak)).build());
    return after(s, T, step("drain", 1, SUCCEEDED), step("upgrade", 1, SUCCEEDED), step("soak", 1, STARTED));
  }

  @Test
  @DisplayName("abort while a wait step runs emits CancelStep for that step and attempt, and compensates nothing yet")
  void abortCancelsTheWait() {
    assertThat(soaking().getSteps().get("soak").getState()).isEqualTo(StepState.RUNNING);
    SagaSpec.Then aborted = given(soaking()).when(abort()).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(RollbackStarted.class, NoticeDue.class)
        .cancels("soak#1")
        .compensates()
        .runs()
        .hasDeadline("STEP_TIMEOUT:soak");
    CancelStep cancel = (CancelStep) aborted.decision.stepCommands().get(0).getPayload();
    assertThat(cancel.getReason()).startsWith("ABORTED: aborted: ");
    assertThat(aborted.decision.stepCommands()).hasSize(1);
    assertThat(aborted.state().getSteps().get("soak").getState()).isEqualTo(StepState.RUNNING);
  }

  @Test
  @DisplayName("the cancelled step's INTERRUPTED outcome lets the completed steps' compensations run in reverse order")
  void interruptedThenCompensations() {
    WindowStateSnapshot aborted = after(soaking(), T, abort());
    SagaSpec.Then interrupted = given(aborted).when(step("soak", 1, INTERRUPTED)).at(T.plusSeconds(1)).expect()
        .status(WindowStatus.ROLLING_BACK)
        .events(StepFailed.class)
        .cancels()
        .compensates("upgrade#1")
        .noDeadline("STEP_TIMEOUT:soak");
    StepFailed failed = interrupted.event(StepFailed.class);
    assertThat(failed.getStatus()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(failed.getWillRetry()).isFalse();
    assertThat(interrupted.state().getSteps().get("soak").getState()).isEqualTo(StepState.FAILED);

    SagaSpec.Then first = given(interrupted.state()).when(compensation("upgrade", 1, SUCCEEDED)).at(T.plusSeconds(2)).expect()
        .events(StepSucceeded.class)
        .compensates("drain#1");
    SagaSpec.Then done = given(first.state()).when(compensation("drain", 1, SUCCEEDED)).at(T.plusSeconds(3)).expect()
        .status(WindowStatus.ROLLED_BACK)
        .noCommands();
    assertThat(done.event(WindowRolledBack.class).getCompensatedSteps()).containsExactly("upgrade", "drain");
    assertThat(done.event(WindowRolledBack.class).getCause()).isEqualTo(FailureCause.ABORTED);
  }

  @Test
  @DisplayName("overrun while a step runs cancels it too; a second outcome for the cancelled attempt changes nothing")
  void overrunCancels() {
    WindowStateSnapshot s = soaking();
    SagaSpec.Then over = given(s).when(fire(s, "WINDOW_END")).at(END).expect()
        .status(WindowStatus.ROLLING_BACK)
        .cancels("soak#1")
        .compensates();
    assertThat(((CancelStep) over.decision.stepCommands().get(0).getPayload()).getReason()).startsWith("OVERRUN: ");
    WindowStateSnapshot interrupted = after(over.state(), END.plusSeconds(1), step("soak", 1, INTERRUPTED));
    given(interrupted).when(step("soak", 1, INTERRUPTED)).at(END.plusSeconds(2)).expect().unchanged();
  }

  @Test
  @DisplayName("no CancelStep when no step runs: abort between steps only compensates")
  void nothingRunning() {
    StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(2).build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), upgrade)).build());
    s = after(s, T, step("drain", 1, SUCCEEDED), step("upgrade", 1, StepStatus.FAILED)); // upgrade waits for its retry
    given(s).when(abort()).at(T).expect()
        .status(WindowStatus.ROLLING_BACK)
        .cancels()
        .compensates("drain#1");
  }

  @Test
  @DisplayName("a step failing for good cancels its running parallel sibling, whose attempt number is kept")
  void failureCancelsSibling() {
    StepSpec a = StepSpec.newBuilder(step("node-a", "undo-a")).setParallelGroup("nodes").build();
    StepSpec b = StepSpec.newBuilder(step("node-b", "undo-b")).setParallelGroup("nodes").setMaxRetries(1).build();
    WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), a, b)).build());
    s = after(s, T, step("drain", 1, SUCCEEDED), step("node-b", 1, StepStatus.FAILED));
    s = after(s, T.plusSeconds(10), fire(s, "STEP_RETRY:node-b"));
    given(s).when(step("node-a", 1, StepStatus.FAILED)).at(T.plusSeconds(11)).expect()
        .status(WindowStatus.ROLLING_BACK)
        .cancels("node-b#2")
        .compensates();
  }
}
