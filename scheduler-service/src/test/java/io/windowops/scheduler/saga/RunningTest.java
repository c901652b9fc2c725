package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.FAILED;
import static io.windowops.events.StepStatus.INTERRUPTED;
import static io.windowops.events.StepStatus.STARTED;
import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.approveStep;
import static io.windowops.scheduler.saga.Fixtures.criterion;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.pause;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.resume;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.Fixtures.validation;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CriterionKind;
import io.windowops.events.FailureCause;
import io.windowops.events.GateDecided;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStarted;
import io.windowops.events.StepState;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationFinished;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowPaused;
import io.windowops.events.WindowResumed;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("An open window")
class RunningTest {

  private static final Instant T = START.plusSeconds(60);

  @Nested
  @DisplayName("runs its steps")
  class Steps {

    @Test
    @DisplayName("in order: a succeeded step starts the next one")
    void inOrder() {
      SagaSpec.Then then = given(Windows.running()).when(step("drain", 1, SUCCEEDED)).at(T).expect()
          .status(WindowStatus.RUNNING)
          .events(StepSucceeded.class, NoticeDue.class)
          .runs("upgrade#1")
          .noDeadline("STEP_TIMEOUT:drain")
          .deadlineAt("STEP_TIMEOUT:upgrade", T.plusSeconds(360));
      assertThat(then.state().getSteps().get("drain").getOutputs()).containsEntry("previousVersion", "1.2");
      assertThat(then.state().getSteps().get("drain").getState()).isEqualTo(StepState.SUCCEEDED);
    }

    @Test
    @DisplayName("mirrors the executor's STARTED as StepStarted")
    void started() {
      given(Windows.running()).when(step("drain", 1, STARTED)).at(T).expect()
          .status(WindowStatus.RUNNING).events(StepStarted.class).noCommands();
    }

    @Test
    @DisplayName("an outcome for another step or attempt than the running one changes nothing")
    void staleOutcome() {
      given(Windows.running()).when(step("drain", 2, SUCCEEDED)).at(T).expect().unchanged();
      given(Windows.running()).when(step("upgrade", 1, SUCCEEDED)).at(T).expect().unchanged();
    }

    @Test
    @DisplayName("a redelivered outcome (same event id) changes nothing")
    void redeliveredOutcome() {
      SagaInput outcome = step("drain", 1, SUCCEEDED);
      WindowStateSnapshot s = after(Windows.running(), T, outcome);
      given(s).when(outcome).at(T.plusSeconds(1)).expect().unchanged();
    }

    @Test
    @DisplayName("the last step without success criteria completes the window, with its completion notice")
    void completes() {
      SagaSpec.Then then = given(Windows.atLastStep()).when(step("smoke", 1, SUCCEEDED)).at(T).expect()
          .status(WindowStatus.COMPLETED)
          .events(StepSucceeded.class, NoticeDue.class, WindowCompleted.class, NoticeDue.class)
          .noCommands()
          .noDeadlines();
      assertThat(then.event(WindowCompleted.class).getStepCount()).isEqualTo(3);
      assertThat(then.event(WindowCompleted.class).getVerdict()).isNull();
      assertThat(then.all(NoticeDue.class)).extracting(NoticeDue::getKind)
          .containsExactly(NoticeKind.PROGRESS, NoticeKind.COMPLETION);
    }

    @Test
    @DisplayName("a parallel group starts together and the next stage waits for all of it")
    void parallelGroup() {
      StepSpec a = StepSpec.newBuilder(step("node-a", "undo-a")).setParallelGroup("nodes").build();
      StepSpec b = StepSpec.newBuilder(step("node-b", "undo-b")).setParallelGroup("nodes").build();
      MaintenanceRequested r = planned().setSteps(List.of(a, b, step("smoke", null))).build();
      WindowStateSnapshot s = Windows.opened(r);
      assertThat(s.getSteps().get("node-a").getState()).isEqualTo(StepState.RUNNING);
      assertThat(s.getSteps().get("node-b").getState()).isEqualTo(StepState.RUNNING);
      SagaSpec.Then one = given(s).when(step("node-b", 1, SUCCEEDED)).at(T).expect().runs();
      given(one.state()).when(step("node-a", 1, SUCCEEDED)).at(T).expect().runs("smoke#1");
    }
  }

  @Nested
  @DisplayName("retries a failed step")
  class Retries {

    private WindowStateSnapshot upgrading() {
      StepSpec upgrade = StepSpec.newBuilder(step("upgrade", "downgrade")).setMaxRetries(2).build();
      MaintenanceRequested r = planned().setSteps(List.of(step("drain", "undrain"), upgrade)).build();
      return after(Windows.opened(r), T, step("drain", 1, SUCCEEDED));
    }

    @Test
    @DisplayName("after its backoff, doubling it each time, then gives up and rolls back")
    void backoff() {
      SagaSpec.Then first = given(upgrading()).when(step("upgrade", 1, FAILED)).at(T).expect()
          .status(WindowStatus.RUNNING)
          .events(StepFailed.class)
          .noCommands()
          .deadlineAt("STEP_RETRY:upgrade", T.plusSeconds(10));
      assertThat(first.event(StepFailed.class).getWillRetry()).isTrue();
      assertThat(first.event(StepFailed.class).getNextAttemptAt()).isEqualTo(T.plusSeconds(10));
      assertThat(first.state().getSteps().get("upgrade").getState()).isEqualTo(StepState.RETRY_WAIT);

      // A late outcome of the failed attempt changes nothing.
      given(first.state()).when(step("upgrade", 1, SUCCEEDED)).at(T.plusSeconds(5)).expect().unchanged();

      SagaSpec.Then second = given(first.state()).when(fire(first.state(), "STEP_RETRY:upgrade")).at(T.plusSeconds(10)).expect()
          .runs("upgrade#2");
      SagaSpec.Then again = given(second.state()).when(step("upgrade", 2, FAILED)).at(T.plusSeconds(20)).expect()
          .deadlineAt("STEP_RETRY:upgrade", T.plusSeconds(40));
      WindowStateSnapshot third = after(again.state(), T.plusSeconds(40), fire(again.state(), "STEP_RETRY:upgrade"));
      SagaSpec.Then gaveUp = given(third).when(step("upgrade", 3, FAILED)).at(T.plusSeconds(50)).expect()
          .status(WindowStatus.ROLLING_BACK)
          .compensates("drain#1");
      assertThat(gaveUp.event(StepFailed.class).getWillRetry()).isFalse();
      assertThat(gaveUp.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.STEP_FAILED);
      assertThat(gaveUp.event(RollbackStarted.class).getStepId()).isEqualTo("upgrade");
    }

    @Test
    @DisplayName("not when INTERRUPTED: a step that may have run is never re-run")
    void interrupted() {
      SagaSpec.Then then = given(upgrading()).when(step("upgrade", 1, INTERRUPTED)).at(T).expect()
          .status(WindowStatus.ROLLING_BACK);
      assertThat(then.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.STEP_INTERRUPTED);
    }

    @Test
    @DisplayName("when no outcome came within its timeout: the attempt counts as timed out, is cancelled, and an idempotent action is retried")
    void timeout() {
      WindowStateSnapshot s = after(upgrading(), T, Fixtures.idempotentStep("upgrade", 1, STARTED));
      SagaSpec.Then then = given(s).when(fire(s, "STEP_TIMEOUT:upgrade")).at(T.plusSeconds(360)).expect()
          .status(WindowStatus.RUNNING)
          .events(StepFailed.class)
          .cancels("upgrade#1")
          .runs();
      assertThat(then.event(StepFailed.class).getStatus()).isEqualTo(StepStatus.TIMED_OUT);
      assertThat(then.event(StepFailed.class).getWillRetry()).isTrue();
    }
  }

  @Nested
  @DisplayName("validates")
  class Validation {

    private final MaintenanceRequested checked = planned()
        .setSteps(List.of(step("upgrade", "downgrade")))
        .setPreflightCriteria(List.of(criterion("healthy", CriterionKind.PROMETHEUS)))
        .setSuccessCriteria(List.of(criterion("latency", CriterionKind.BASELINE), criterion("errors", CriterionKind.LOKI)))
        .build();

    @Test
    @DisplayName("preflight, then baseline, then the steps; post validation gets the baseline; PASSED completes")
    void phases() {
      WindowStateSnapshot open = Windows.opened(checked);
      assertThat(open.getStatus()).isEqualTo(WindowStatus.OPEN);
      assertThat(open.getValidationPhase()).isEqualTo(ValidationPhase.PREFLIGHT);
      SagaSpec.Then baseline = given(open).when(validation(open.getValidationId(), ValidationPhase.PREFLIGHT, Verdict.PASSED))
          .at(T).expect().status(WindowStatus.OPEN).events(ValidationFinished.class);
      ValidateWindow capture = baseline.validation();
      assertThat(capture.getPhase()).isEqualTo(ValidationPhase.BASELINE);
      assertThat(capture.getCriteria()).extracting(c -> c.getCriterionId()).containsExactly("latency");

      SagaSpec.Then steps = given(baseline.state()).when(validation(capture.getValidationId(), ValidationPhase.BASELINE, Verdict.PASSED))
          .at(T).expect().status(WindowStatus.RUNNING).runs("upgrade#1");
      assertThat(steps.state().getBaseline()).containsEntry("latency", 0.25);

      SagaSpec.Then post = given(steps.state()).when(step("upgrade", 1, SUCCEEDED)).at(T).expect()
          .status(WindowStatus.VALIDATING)
          .deadlineAt("VALIDATION_TIMEOUT", T.plusSeconds(120).plus(Duration.ofMinutes(5)));
      ValidateWindow postCommand = post.validation();
      assertThat(postCommand.getPhase()).isEqualTo(ValidationPhase.POST);
      assertThat(postCommand.getBaseline()).isEqualTo(Map.of("latency", 0.25));
      assertThat(postCommand.getCriteria()).hasSize(2);

      WindowStateSnapshot validating = after(steps.state(), T, step("upgrade", 1, SUCCEEDED));
      SagaSpec.Then done = given(validating).when(validation(validating.getValidationId(), ValidationPhase.POST, Verdict.PASSED))
          .at(T).expect()
          .status(WindowStatus.COMPLETED)
          .events(ValidationFinished.class, WindowCompleted.class, NoticeDue.class);
      assertThat(done.event(WindowCompleted.class).getVerdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    @DisplayName("a failed preflight fails the window before anything changed: nothing to compensate")
    void preflightFails() {
      WindowStateSnapshot open = Windows.opened(checked);
      SagaSpec.Then then = given(open).when(validation(open.getValidationId(), ValidationPhase.PREFLIGHT, Verdict.FAILED))
          .at(T).expect()
          .status(WindowStatus.FAILED)
          .events(ValidationFinished.class, WindowFailed.class, NoticeDue.class)
          .noCommands()
          .noDeadlines();
      assertThat(then.event(WindowFailed.class).getCause()).isEqualTo(FailureCause.PREFLIGHT_FAILED);
    }

    @Test
    @DisplayName("an outcome for another validation id changes nothing")
    void staleValidation() {
      WindowStateSnapshot open = Windows.opened(checked);
      given(open).when(validation("preflight-1", ValidationPhase.PREFLIGHT, Verdict.PASSED)).at(T).expect().unchanged();
    }

    @Test
    @DisplayName("a failed post validation rolls back every step")
    void postFails() {
      WindowStateSnapshot validating = validating();
      SagaSpec.Then then = given(validating).when(validation(validating.getValidationId(), ValidationPhase.POST, Verdict.FAILED))
          .at(T).expect()
          .status(WindowStatus.ROLLING_BACK)
          .compensates("upgrade#1");
      assertThat(then.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.VALIDATION_FAILED);
    }

    @Test
    @DisplayName("INCONCLUSIVE pauses for a human: resume accepts, abort rolls back")
    void inconclusive() {
      WindowStateSnapshot validating = validating();
      SagaSpec.Then paused = given(validating).when(validation(validating.getValidationId(), ValidationPhase.POST, Verdict.INCONCLUSIVE))
          .at(T).expect()
          .status(WindowStatus.PAUSED)
          .events(ValidationFinished.class, WindowPaused.class, NoticeDue.class)
          .noCommands();
      assertThat(paused.event(WindowPaused.class).getReason()).contains("inconclusive");
      SagaSpec.Then resumed = given(paused.state()).when(resume()).at(T).expect()
          .status(WindowStatus.COMPLETED)
          .events(WindowResumed.class, WindowCompleted.class, NoticeDue.class);
      assertThat(resumed.event(WindowCompleted.class).getVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
      given(paused.state()).when(Fixtures.abort()).at(T).expect()
          .status(WindowStatus.ROLLING_BACK).compensates("upgrade#1");
    }

    @Test
    @DisplayName("a validator that never answers counts as inconclusive")
    void validationTimeout() {
      WindowStateSnapshot validating = validating();
      given(validating).when(fire(validating, "VALIDATION_TIMEOUT")).at(T.plusSeconds(420)).expect()
          .status(WindowStatus.PAUSED).events(WindowPaused.class, NoticeDue.class);
    }

    private WindowStateSnapshot validating() {
      WindowStateSnapshot open = Windows.opened(checked);
      WindowStateSnapshot s = after(open, T, validation(open.getValidationId(), ValidationPhase.PREFLIGHT, Verdict.PASSED));
      s = after(s, T, validation(s.getValidationId(), ValidationPhase.BASELINE, Verdict.PASSED));
      return after(s, T, step("upgrade", 1, SUCCEEDED));
    }
  }

  @Nested
  @DisplayName("pauses between steps")
  class Pausing {

    @Test
    @DisplayName("a pause takes effect after the running step; resume starts the next one")
    void pauseAndResume() {
      SagaSpec.Then asked = given(Windows.running()).when(pause()).at(T).expect()
          .status(WindowStatus.RUNNING).events().noCommands();
      assertThat(asked.state().getPauseRequested()).isTrue();
      SagaSpec.Then paused = given(asked.state()).when(step("drain", 1, SUCCEEDED)).at(T).expect()
          .status(WindowStatus.PAUSED)
          .events(StepSucceeded.class, NoticeDue.class, WindowPaused.class)
          .runs();
      assertThat(paused.event(WindowPaused.class).getAfterStepId()).isEqualTo("drain");
      given(paused.state()).when(resume()).at(T.plusSeconds(60)).expect()
          .status(WindowStatus.RUNNING)
          .events(WindowResumed.class)
          .runs("upgrade#1");
    }

    @Test
    @DisplayName("a resume before the pause took effect withdraws it")
    void withdrawPause() {
      WindowStateSnapshot asked = after(Windows.running(), T, pause());
      SagaSpec.Then then = given(asked).when(resume()).at(T).expect().status(WindowStatus.RUNNING).events();
      assertThat(then.state().getPauseRequested()).isFalse();
    }

    @Test
    @DisplayName("the step cutoff stops new steps: resuming too close to the end rolls back")
    void cutoff() {
      WindowStateSnapshot paused = after(after(Windows.running(), T, pause()), T, step("drain", 1, SUCCEEDED));
      SagaSpec.Then then = given(paused).when(resume()).at(END.minus(Duration.ofMinutes(5))).expect()
          .status(WindowStatus.ROLLING_BACK)
          .runs()
          .compensates("drain#1");
      assertThat(then.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.OVERRUN);
      assertThat(then.event(RollbackStarted.class).getDetail()).contains("step cutoff");
      assertThat(then.state().getSteps().get("upgrade").getState()).isEqualTo(StepState.SKIPPED);
    }

    @Test
    @DisplayName("a step finishing after the cutoff does not start the next one")
    void cutoffAfterStep() {
      given(Windows.running()).when(step("drain", 1, SUCCEEDED)).at(END.minus(Duration.ofMinutes(9))).expect()
          .status(WindowStatus.ROLLING_BACK)
          .runs()
          .compensates("drain#1");
    }
  }

  @Nested
  @DisplayName("holds an approval gate step")
  class Gates {

    private WindowStateSnapshot atGate() {
      StepSpec gate = StepSpec.newBuilder(step("go-no-go", null)).setAction("approval")
          .setParams(Map.of("roles", "sre-lead", "count", "1")).build();
      return Windows.opened(planned().setSteps(List.of(gate, step("upgrade", "downgrade"))).build());
    }

    @Test
    @DisplayName("until an approval with a listed role releases it; the requester cannot")
    void gate() {
      WindowStateSnapshot s = atGate();
      assertThat(s.getSteps().get("go-no-go").getState()).isEqualTo(StepState.WAITING_APPROVAL);
      given(s).when(approveStep("go-no-go", Fixtures.REQUESTER, "sre-lead")).at(T).expect().rejected("SELF_APPROVAL");
      given(s).when(approveStep("go-no-go", "bob", "vp")).at(T).expect().rejected("ROLE_NOT_ALLOWED");
      given(s).when(approveStep("upgrade", "bob", "sre-lead")).at(T).expect().rejected("NOT_WAITING_APPROVAL");
      given(s).when(approveStep("go-no-go", "bob", "sre-lead")).at(T).expect()
          .events(GateDecided.class, StepSucceeded.class, NoticeDue.class)
          .runs("upgrade#1");
    }

    @Test
    @DisplayName("and emits ApprovalNeeded for it when it is reached")
    void gateAnnounced() {
      WindowStateSnapshot s = Windows.announced(planned().setSteps(List.of(
          StepSpec.newBuilder(step("go-no-go", null)).setAction("approval").build())).build());
      SagaSpec.Then then = given(s).when(fire(s, "WINDOW_START")).at(START).expect().runs();
      assertThat(then.event(ApprovalNeeded.class).getStepId()).isEqualTo("go-no-go");
    }

    @Test
    @DisplayName("a gate not released within its timeout rolls the window back")
    void gateTimeout() {
      WindowStateSnapshot s = atGate();
      given(s).when(fire(s, "STEP_TIMEOUT:go-no-go")).at(START.plusSeconds(360)).expect()
          .status(WindowStatus.ROLLED_BACK);
    }
  }
}
