package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.FAILED;
import static io.windowops.events.StepStatus.INTERRUPTED;
import static io.windowops.events.StepStatus.STARTED;
import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.events.StepStatus.TIMED_OUT;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.abort;
import static io.windowops.scheduler.saga.Fixtures.compensation;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.idempotentStep;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.CancelStep;
import io.windowops.events.CompensateStep;
import io.windowops.events.ExecutionKind;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepState;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("An attempt whose effect is unknown (TIMED_OUT, INTERRUPTED)")
class UnknownOutcomeTest {

  private static final Instant T = START.plusSeconds(60);

  /** drain done; upgrade (undone by downgrade, two retries) running its first attempt. */
  private static WindowStateSnapshot upgrading() {
    StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(2).build();
    return after(Windows.opened(planned().setSteps(List.of(step("drain", "undrain"), upgrade)).build()),
        T, step("drain", 1, SUCCEEDED));
  }

  private static List<Object> commands(SagaSpec.Then then) {
    return then.decision.stepCommands().stream().map(StepCommandEnvelope::getPayload).toList();
  }

  private static CompensateStep compensateStep(SagaSpec.Then then) {
    return commands(then).stream().filter(CompensateStep.class::isInstance).map(CompensateStep.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("no CompensateStep in " + commands(then)));
  }

  @Nested
  @DisplayName("of a step")
  class OfAStep {

    @Test
    @DisplayName("STEP_TIMEOUT cancels the attempt first, in the same decision, and a non-idempotent action is not retried but rolled back, itself compensated first")
    void timeoutNotIdempotent() {
      WindowStateSnapshot s = after(upgrading(), T, step("upgrade", 1, STARTED));
      SagaSpec.Then then = given(s).when(fire(s, "STEP_TIMEOUT:upgrade")).at(T.plusSeconds(360)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .cancels("upgrade#1")
          .compensates("upgrade#1")
          .runs()
          .noDeadline("STEP_RETRY:upgrade");
      assertThat(commands(then)).first().isInstanceOf(CancelStep.class);
      CancelStep cancel = (CancelStep) commands(then).get(0);
      assertThat(cancel.getKind()).isEqualTo(ExecutionKind.STEP);
      assertThat(cancel.getReason()).startsWith("STEP_TIMEOUT: ");
      assertThat(then.event(StepFailed.class).getStatus()).isEqualTo(TIMED_OUT);
      assertThat(then.event(StepFailed.class).getWillRetry()).isFalse();
      assertThat(then.event(RollbackStarted.class).getCompensations()).containsExactly("upgrade", "drain");
      assertThat(compensateStep(then).getIdempotentOnly()).as("unknown effect: idempotent compensation only").isTrue();
      assertThat(then.state().getSteps().get("upgrade").getOutcomeUnknown()).isTrue();
    }

    @Test
    @DisplayName("STEP_TIMEOUT of an idempotent action cancels attempt N, and attempt N+1 is sent only at its retry time")
    void timeoutIdempotent() {
      WindowStateSnapshot s = after(upgrading(), T, idempotentStep("upgrade", 1, STARTED));
      SagaSpec.Then timedOut = given(s).when(fire(s, "STEP_TIMEOUT:upgrade")).at(T.plusSeconds(360)).expect()
          .status(WindowStatus.RUNNING)
          .cancels("upgrade#1")
          .runs()
          .deadlineAt("STEP_RETRY:upgrade", T.plusSeconds(370));
      given(timedOut.state()).when(fire(timedOut.state(), "STEP_RETRY:upgrade")).at(T.plusSeconds(370)).expect()
          .runs("upgrade#2")
          .cancels();
    }

    @Test
    @DisplayName("the executor's TIMED_OUT for a non-idempotent action with retries left rolls back without a retry")
    void executorTimedOut() {
      SagaSpec.Then then = given(upgrading()).when(step("upgrade", 1, TIMED_OUT)).at(T).expect()
          .status(WindowStatus.ROLLING_BACK)
          .cancels() // the executor ended the attempt itself
          .runs()
          .compensates("upgrade#1");
      assertThat(then.event(StepFailed.class).getWillRetry()).isFalse();
    }

    @Test
    @DisplayName("an idempotent action that timed out is retried, and its success makes the effect known again")
    void idempotentRetrySucceeds() {
      SagaSpec.Then retry = given(upgrading()).when(idempotentStep("upgrade", 1, TIMED_OUT)).at(T).expect()
          .status(WindowStatus.RUNNING)
          .deadlineAt("STEP_RETRY:upgrade", T.plusSeconds(10));
      assertThat(retry.event(StepFailed.class).getWillRetry()).isTrue();
      assertThat(retry.state().getSteps().get("upgrade").getOutcomeUnknown()).isTrue();
      WindowStateSnapshot s = after(retry.state(), T.plusSeconds(10), fire(retry.state(), "STEP_RETRY:upgrade"));
      s = after(s, T.plusSeconds(20), idempotentStep("upgrade", 2, SUCCEEDED));
      assertThat(s.getSteps().get("upgrade").getOutcomeUnknown()).isFalse();
    }

    @Test
    @DisplayName("a step a rollback cancelled (INTERRUPTED) is compensated, idempotent-only, before the steps done earlier")
    void cancelledStepCompensated() {
      WindowStateSnapshot aborted = after(upgrading(), T, abort());
      SagaSpec.Then interrupted = given(aborted).when(step("upgrade", 1, INTERRUPTED)).at(T.plusSeconds(1)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .compensates("upgrade#1");
      assertThat(compensateStep(interrupted).getIdempotentOnly()).isTrue();
      WindowStateSnapshot s = after(interrupted.state(), T.plusSeconds(2), compensation("upgrade", 1, SUCCEEDED));
      SagaSpec.Then done = given(s).when(compensation("drain", 1, SUCCEEDED)).at(T.plusSeconds(3)).expect()
          .status(WindowStatus.ROLLED_BACK);
      assertThat(done.event(WindowRolledBack.class).getCompensatedSteps()).containsExactly("upgrade", "drain");
    }

    @Test
    @DisplayName("TIMED_OUT of an attempt the executor never started (its deadline passed while held) is a known effect: retried, not compensated")
    void timedOutNotStarted() {
      SagaSpec.Then then = given(upgrading()).when(Fixtures.notStarted("upgrade", 1, TIMED_OUT)).at(T).expect()
          .status(WindowStatus.RUNNING)
          .hasDeadline("STEP_RETRY:upgrade");
      assertThat(then.event(StepFailed.class).getWillRetry()).isTrue();
      assertThat(then.state().getSteps().get("upgrade").getOutcomeUnknown()).isFalse();
    }

    @Test
    @DisplayName("a held step a rollback withdrew (INTERRUPTED, never started) is not compensated: only the steps done earlier are")
    void withdrawnNotCompensated() {
      WindowStateSnapshot aborted = after(upgrading(), T, abort());
      SagaSpec.Then then = given(aborted).when(Fixtures.notStarted("upgrade", 1, INTERRUPTED)).at(T.plusSeconds(1)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .compensates("drain#1");
      assertThat(compensateStep(then).getIdempotentOnly()).isFalse();
      assertThat(then.state().getSteps().get("upgrade").getOutcomeUnknown()).isFalse();
    }

    @Test
    @DisplayName("an unknown effect whose compensation cannot run (not idempotent) ends ROLLBACK_FAILED naming the step, and pages a person")
    void uncompensableUnknownEffect() {
      WindowStateSnapshot s = after(upgrading(), T, step("upgrade", 1, TIMED_OUT));
      s = after(s, T.plusSeconds(1), compensation("upgrade", 1, FAILED));
      s = after(s, T.plusSeconds(11), fire(s, "COMPENSATION_RETRY:upgrade"));
      s = after(s, T.plusSeconds(12), compensation("upgrade", 2, FAILED));
      s = after(s, T.plusSeconds(32), fire(s, "COMPENSATION_RETRY:upgrade"));
      SagaSpec.Then then = given(s).when(compensation("upgrade", 3, FAILED)).at(T.plusSeconds(33)).expect()
          .status(WindowStatus.ROLLBACK_FAILED)
          .events(StepFailed.class, WindowRollbackFailed.class, NoticeDue.class)
          .noCommands();
      WindowRollbackFailed failed = then.event(WindowRollbackFailed.class);
      assertThat(failed.getFailedCompensations()).containsExactly("upgrade");
      assertThat(failed.getDetail()).contains("upgrade");
      assertThat(then.event(NoticeDue.class).getKind()).isEqualTo(NoticeKind.FAILURE);
      assertThat(then.state().getSteps().get("drain").getState()).as("nothing undone under it").isEqualTo(StepState.SUCCEEDED);
    }
  }

  @Nested
  @DisplayName("of a compensation")
  class OfACompensation {

    @Test
    @DisplayName("COMPENSATION_TIMEOUT cancels that compensation attempt (kind COMPENSATION) first, and its retry is idempotent-only")
    void compensationTimeout() {
      StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(1).build();
      WindowStateSnapshot s = Windows.opened(planned().setSteps(List.of(upgrade, step("smoke", null))).build());
      s = after(s, T, step("upgrade", 1, SUCCEEDED), step("smoke", 1, FAILED));
      SagaSpec.Then timedOut = given(s).when(fire(s, "COMPENSATION_TIMEOUT:upgrade")).at(T.plusSeconds(360)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .cancels("upgrade#1")
          .compensates()
          .hasDeadline("COMPENSATION_RETRY:upgrade");
      CancelStep cancel = (CancelStep) commands(timedOut).get(0);
      assertThat(cancel.getKind()).isEqualTo(ExecutionKind.COMPENSATION);
      assertThat(cancel.getReason()).startsWith("COMPENSATION_TIMEOUT: ");
      assertThat(timedOut.event(StepFailed.class).getWillRetry()).isTrue();

      SagaSpec.Then retry = given(timedOut.state()).when(fire(timedOut.state(), "COMPENSATION_RETRY:upgrade"))
          .at(T.plusSeconds(370)).expect()
          .compensates("upgrade#2");
      assertThat(compensateStep(retry).getIdempotentOnly()).as("half undone, perhaps").isTrue();
    }

    @Test
    @DisplayName("a compensation of a step that succeeded is sent as usual (not idempotent-only)")
    void knownEffect() {
      SagaSpec.Then then = given(Windows.atLastStep()).when(step("smoke", 1, FAILED)).at(T).expect()
          .compensates("upgrade#1");
      assertThat(compensateStep(then).getIdempotentOnly()).isFalse();
    }
  }
}
