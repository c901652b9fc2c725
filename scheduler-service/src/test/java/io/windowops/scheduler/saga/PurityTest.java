package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.Deadline;
import io.windowops.events.WindowStateSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The saga as the runtime and the audit replay rely on it: deterministic, never mutating its
 * input, and idempotent for every redelivered input of a whole window's life.
 */
@DisplayName("The saga is a pure function")
class PurityTest {

  private record Step(Function<WindowStateSnapshot, SagaInput> input, Instant at) {}

  /** A planned outage from request to completion, timers fired as the runtime would. */
  private static List<Step> journey() {
    Function<String, Function<WindowStateSnapshot, SagaInput>> timer = id -> s -> Fixtures.fire(s, id);
    List<Step> j = new ArrayList<>();
    SagaInput request = Fixtures.requested(Fixtures.planned().build());
    SagaInput approval = Fixtures.approve("bob", "vp");
    SagaInput initial = Fixtures.delivered("initial");
    SagaInput reminder = Fixtures.delivered("reminder-PT24H");
    SagaInput drain = Fixtures.step("drain", 1, SUCCEEDED);
    SagaInput upgrade = Fixtures.step("upgrade", 1, SUCCEEDED);
    SagaInput smoke = Fixtures.step("smoke", 1, SUCCEEDED);
    j.add(new Step(s -> request, NOW));
    j.add(new Step(s -> Fixtures.admitted(s, NOW), NOW));
    j.add(new Step(s -> approval, NOW));
    j.add(new Step(timer.apply("NOTICE:initial"), START.minus(Duration.ofDays(7))));
    j.add(new Step(s -> initial, START.minus(Duration.ofDays(7))));
    j.add(new Step(timer.apply("NOTICE:reminder-PT24H"), START.minus(Duration.ofDays(1))));
    j.add(new Step(s -> reminder, START.minus(Duration.ofDays(1))));
    j.add(new Step(timer.apply("WINDOW_START"), START));
    j.add(new Step(s -> drain, START.plusSeconds(60)));
    j.add(new Step(s -> upgrade, START.plusSeconds(120)));
    j.add(new Step(s -> smoke, START.plusSeconds(180)));
    return j;
  }

  private static List<Decision> run(List<Step> journey) {
    return run(journey, new ArrayList<>());
  }

  /** Runs the journey, recording each input as fed, so a replay can feed exactly the same. */
  private static List<Decision> run(List<Step> journey, List<SagaInput> fed) {
    List<Decision> decisions = new ArrayList<>();
    WindowStateSnapshot state = null;
    for (Step step : journey) {
      SagaInput input = step.input().apply(state);
      fed.add(input);
      Decision d = SagaSpec.SAGA.decide(state, input, step.at());
      decisions.add(d);
      state = d.state();
    }
    return decisions;
  }

  @Test
  @DisplayName("the same inputs at the same instants give the same decisions (replay)")
  void deterministic() {
    List<Step> journey = journey();
    List<SagaInput> recorded = new ArrayList<>();
    List<Decision> first = run(journey, recorded);
    List<Step> replay = new ArrayList<>();
    for (int i = 0; i < journey.size(); i++) {
      SagaInput input = recorded.get(i);
      replay.add(new Step(s -> input, journey.get(i).at()));
    }
    assertThat(run(replay)).isEqualTo(first);
    assertThat(first.get(first.size() - 1).state().getStatus().name()).isEqualTo("COMPLETED");
  }

  @Test
  @DisplayName("every input of a window's life, redelivered, changes nothing; no input state is ever mutated")
  void idempotentAndNonMutating() {
    WindowStateSnapshot state = null;
    for (Step step : journey()) {
      SagaInput input = step.input().apply(state);
      WindowStateSnapshot copy = state == null ? null : WindowStateSnapshot.newBuilder(state).build();
      Decision d = SagaSpec.SAGA.decide(state, input, step.at());
      assertThat(state).as("input state after " + input).isEqualTo(copy);
      WindowStateSnapshot after = WindowStateSnapshot.newBuilder(d.state()).build();
      Decision again = SagaSpec.SAGA.decide(d.state(), input, step.at().plusSeconds(1));
      assertThat(again.changesNothing(d.state())).as("redelivered " + input).isTrue();
      assertThat(d.state()).isEqualTo(after);
      state = d.state();
    }
  }

  @Test
  @DisplayName("sequence numbers and event ids are gap-free and unique across events and commands")
  void sequences() {
    List<Long> sequences = new ArrayList<>();
    for (Decision d : run(journey())) {
      d.events().forEach(e -> sequences.add(e.getMetadata().getSequence()));
      d.stepCommands().forEach(e -> sequences.add(e.getMetadata().getSequence()));
      d.validationCommands().forEach(e -> sequences.add(e.getMetadata().getSequence()));
      d.admissionCommands().forEach(e -> sequences.add(e.getMetadata().getSequence()));
    }
    assertThat(sequences.stream().sorted().toList())
        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, sequences.size()).boxed().toList());
  }

  @Test
  @DisplayName("the processed-event list is bounded")
  void boundedProcessedIds() {
    WindowStateSnapshot s = Windows.running();
    for (int i = 0; i < 200; i++) {
      s = SagaSpec.after(s, START.plusSeconds(10), Fixtures.pause(), Fixtures.resume());
    }
    assertThat(s.getProcessedEventIds()).hasSize(Change.PROCESSED_LIMIT);
    List<Deadline> deadlines = s.getDeadlines();
    assertThat(deadlines).extracting(Deadline::getTimerId).containsExactlyInAnyOrder("WINDOW_END", "PROGRESS", "STEP_TIMEOUT:drain");
  }
}
