package io.windowops.scheduler.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.CancelStep;
import io.windowops.events.CommandRejected;
import io.windowops.events.CompensateStep;
import io.windowops.events.Deadline;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.ValidateWindow;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tiny given/when/then DSL for the saga, in the manner of eventuate-tram-sagas' saga unit
 * tests: {@code given(state).when(input).at(instant).expect()...}. No broker and no clock: the
 * instant of every input is given by the test.
 */
final class SagaSpec {

  static final WindowSaga SAGA = new WindowSaga(new TestPolicy());

  private SagaSpec() {}

  static Given given(WindowStateSnapshot state) {
    return new Given(state);
  }

  /** Applies inputs one after another at one instant; the state they lead to. */
  static WindowStateSnapshot after(WindowStateSnapshot state, Instant at, SagaInput... inputs) {
    WindowStateSnapshot s = state;
    for (SagaInput input : inputs) {
      Decision d = SAGA.decide(s, input, at);
      s = d.state();
    }
    return s;
  }

  record Given(WindowStateSnapshot state) {
    When when(SagaInput input) {
      return new When(state, input);
    }
  }

  record When(WindowStateSnapshot state, SagaInput input) {
    Then at(Instant now) {
      return new Then(state, input, SAGA.decide(state, input, now), now);
    }
  }

  static final class Then {
    final WindowStateSnapshot before;
    final SagaInput input;
    final Decision decision;
    final Instant now;

    Then(WindowStateSnapshot before, SagaInput input, Decision decision, Instant now) {
      this.before = before;
      this.input = input;
      this.decision = decision;
      this.now = now;
    }

    Then expect() {
      return this;
    }

    WindowStateSnapshot state() {
      return decision.state();
    }

    Then status(WindowStatus status) {
      assertThat(decision.state().getStatus()).as("status").isEqualTo(status);
      return this;
    }

    /** The facts emitted, by payload type, in order (exactly these). */
    Then events(Class<?>... types) {
      assertThat(decision.events().stream().<Class<?>>map(e -> e.getPayload().getClass()).toList())
          .as("events").containsExactly(types);
      return this;
    }

    <T> T event(Class<T> type) {
      return decision.events().stream()
          .map(WindowEventEnvelope::getPayload)
          .filter(type::isInstance)
          .map(type::cast)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + decision.events()));
    }

    <T> List<T> all(Class<T> type) {
      return decision.events().stream().map(WindowEventEnvelope::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    /** The RunStep commands, as {@code stepId#attempt} (exactly these). */
    Then runs(String... stepAttempts) {
      assertThat(decision.stepCommands().stream()
              .map(StepCommandEnvelope::getPayload)
              .filter(RunStep.class::isInstance)
              .map(RunStep.class::cast)
              .map(r -> r.getStepId() + "#" + r.getAttempt())
              .toList())
          .as("RunStep commands").containsExactly(stepAttempts);
      return this;
    }

    /** The CompensateStep commands, as {@code stepId#attempt} (exactly these). */
    Then compensates(String... stepAttempts) {
      assertThat(decision.stepCommands().stream()
              .map(StepCommandEnvelope::getPayload)
              .filter(CompensateStep.class::isInstance)
              .map(CompensateStep.class::cast)
              .map(r -> r.getStepId() + "#" + r.getAttempt())
              .toList())
          .as("CompensateStep commands").containsExactly(stepAttempts);
      return this;
    }

    /** The CancelStep commands, as {@code stepId#attempt} (exactly these). */
    Then cancels(String... stepAttempts) {
      assertThat(decision.stepCommands().stream()
              .map(StepCommandEnvelope::getPayload)
              .filter(CancelStep.class::isInstance)
              .map(CancelStep.class::cast)
              .map(r -> r.getStepId() + "#" + r.getAttempt())
              .toList())
          .as("CancelStep commands").containsExactly(stepAttempts);
      return this;
    }

    Then noCommands() {
      assertThat(decision.stepCommands()).as("step commands").isEmpty();
      assertThat(decision.validationCommands()).as("validation commands").isEmpty();
      return this;
    }

    ValidateWindow validation() {
      assertThat(decision.validationCommands()).as("validation commands").hasSize(1);
      return (ValidateWindow) decision.validationCommands().get(0).getPayload();
    }

    Deadline deadline(String timerId) {
      Optional<Deadline> d = decision.state().getDeadlines().stream().filter(x -> x.getTimerId().equals(timerId)).findFirst();
      assertThat(d).as("deadline " + timerId + " in " + decision.state().getDeadlines()).isPresent();
      return d.get();
    }

    Then hasDeadline(String timerId) {
      deadline(timerId);
      return this;
    }

    Then deadlineAt(String timerId, Instant dueAt) {
      assertThat(deadline(timerId).getDueAt()).as("due time of " + timerId).isEqualTo(dueAt);
      return this;
    }

    Then noDeadline(String timerId) {
      assertThat(decision.state().getDeadlines()).as("deadlines").noneMatch(d -> d.getTimerId().equals(timerId));
      return this;
    }

    Then noDeadlines() {
      assertThat(decision.state().getDeadlines()).as("deadlines").isEmpty();
      return this;
    }

    /** Exactly one CommandRejected with this code; nothing else emitted and the window unchanged. */
    Then rejected(String code) {
      events(CommandRejected.class);
      CommandRejected r = event(CommandRejected.class);
      assertThat(r.getViolations()).extracting(v -> v.getCode()).contains(code);
      assertThat(r.getStatus()).isEqualTo(before.getStatus());
      noCommands();
      WindowStateSnapshot after = WindowStateSnapshot.newBuilder(decision.state()).build();
      after.setLastSequence(before.getLastSequence());
      after.setProcessedEventIds(before.getProcessedEventIds());
      after.setUpdatedAt(before.getUpdatedAt());
      assertThat(after).as("state apart from sequence and processed ids").isEqualTo(before);
      return this;
    }

    /** Refused with some CommandRejected; nothing else emitted and the window unchanged. */
    Then rejectedAny() {
      return rejected(event(CommandRejected.class).getViolations().get(0).getCode());
    }

    Then unchanged() {
      assertThat(decision.changesNothing(before)).as("changes nothing: " + decision.events()).isTrue();
      return this;
    }
  }
}
