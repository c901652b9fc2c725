package io.windowops.scheduler.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.CancelStep;
import io.windowops.events.CommandRejected;
import io.windowops.events.CompensateStep;
import io.windowops.events.Deadline;
import io.windowops.events.ReservationEntry;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.ValidateWindow;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A tiny given/when/then DSL for the saga, in the manner of eventuate-tram-sagas' saga unit
 * tests: {@code given(state).holding(others).when(input).at(instant).expect()...}. No broker and
 * no clock: the instant of every input is given by the test. A slot claim the saga makes is
 * answered at once by the real admission rules over a table holding {@code others}, and the
 * answer fed back, so a request is seen to its decision as the runtime would take it; {@link
 * #decideAlone} shows the saga's own step.
 */
final class SagaSpec {

  static final TestPolicy POLICY = new TestPolicy();
  static final WindowSaga SAGA = new WindowSaga(POLICY);
  static final Admission ADMISSION = new Admission(POLICY);

  private SagaSpec() {}

  static Given given(WindowStateSnapshot state) {
    return new Given(state, List.of());
  }

  /** Applies inputs one after another at one instant (claims answered); the state they lead to. */
  static WindowStateSnapshot after(WindowStateSnapshot state, Instant at, SagaInput... inputs) {
    WindowStateSnapshot s = state;
    for (SagaInput input : inputs) {
      Decision d = decideAdmitted(s, input, at, new ReservationTable());
      s = d.state();
    }
    return s;
  }

  /**
   * The saga's decision followed by the admission's answers to its claims, fed back at the same
   * instant: one decision holding everything both steps emitted, and the last state.
   */
  static Decision decideAdmitted(WindowStateSnapshot state, SagaInput input, Instant now, ReservationTable table) {
    Decision d = SAGA.decide(state, input, now);
    List<AdmissionCommandEnvelope> pending = new ArrayList<>(d.admissionCommands());
    while (!pending.isEmpty()) {
      AdmissionCommandEnvelope command = pending.remove(0);
      Admission.Outcome outcome = ADMISSION.decide(table, command, now);
      if (outcome.answer() != null) {
        Decision next = SAGA.decide(d.state(), new SagaInput.Request(outcome.answer()), now);
        pending.addAll(next.admissionCommands());
        d = merge(d, next);
      }
    }
    return d;
  }

  private static Decision merge(Decision a, Decision b) {
    return new Decision(b.state(), concat(a.events(), b.events()), concat(a.stepCommands(), b.stepCommands()),
        concat(a.validationCommands(), b.validationCommands()), concat(a.admissionCommands(), b.admissionCommands()));
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The saga's own decision, without answering its claims. */
  static Decision decideAlone(WindowStateSnapshot state, SagaInput input, Instant now) {
    return SAGA.decide(state, input, now);
  }

  record Given(WindowStateSnapshot state, List<Reservation> others) {
    /** Other windows holding slots in the admission's table. */
    Given holding(Reservation... held) {
      return new Given(state, List.of(held));
    }

    When when(SagaInput input) {
      return new When(state, others, input);
    }
  }

  record When(WindowStateSnapshot state, List<Reservation> others, SagaInput input) {
    Then at(Instant now) {
      ReservationTable table = new ReservationTable();
      for (Reservation r : others) {
        table.put(new ReservationEntry(r.windowId(), "held-" + r.windowId(), r.environment(), r.services(), r.start(), r.end(), now));
      }
      return new Then(state, input, decideAdmitted(state, input, now, table), now);
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
