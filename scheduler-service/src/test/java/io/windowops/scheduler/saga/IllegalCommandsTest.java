package io.windowops.scheduler.saga;

import static io.windowops.events.StepStatus.FAILED;
import static io.windowops.events.StepStatus.SUCCEEDED;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.compensation;
import static io.windowops.scheduler.saga.Fixtures.criterion;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.Fixtures.validation;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.CommandRejected;
import io.windowops.events.CriterionKind;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every command in every state: refused with CommandRejected where it does not apply, else accepted. */
@DisplayName("Commands in every state")
class IllegalCommandsTest {

  private static final Instant T = START.plusSeconds(120);

  /** Which commands each state accepts; every other one must be rejected. */
  private static final Map<WindowStatus, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry(WindowStatus.PENDING_APPROVAL, Set.of("amend", "reschedule", "cancel", "approve")),
      Map.entry(WindowStatus.SCHEDULED, Set.of("amend", "reschedule", "cancel")),
      Map.entry(WindowStatus.OPEN, Set.of("abort", "pause")),
      Map.entry(WindowStatus.RUNNING, Set.of("abort", "pause")),
      Map.entry(WindowStatus.PAUSED, Set.of("abort", "resume")),
      Map.entry(WindowStatus.VALIDATING, Set.of("abort")),
      Map.entry(WindowStatus.ROLLING_BACK, Set.of()),
      Map.entry(WindowStatus.REJECTED, Set.of()),
      Map.entry(WindowStatus.CANCELLED, Set.of()),
      Map.entry(WindowStatus.MISSED, Set.of()),
      Map.entry(WindowStatus.COMPLETED, Set.of()),
      Map.entry(WindowStatus.FAILED, Set.of()),
      Map.entry(WindowStatus.ROLLED_BACK, Set.of()),
      Map.entry(WindowStatus.ROLLBACK_FAILED, Set.of()));

  private static Map<String, Supplier<SagaInput>> commands() {
    Map<String, Supplier<SagaInput>> c = new LinkedHashMap<>();
    c.put("amend", () -> Fixtures.requested(planned().setTitle("Upgrade payments, amended").build()));
    c.put("reschedule", () -> Fixtures.reschedule(START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)).plus(Duration.ofHours(1))));
    c.put("cancel", Fixtures::cancel);
    c.put("approve", () -> Fixtures.approve("bob", "vp"));
    c.put("abort", Fixtures::abort);
    c.put("pause", Fixtures::pause);
    c.put("resume", Fixtures::resume);
    return c;
  }

  private static Map<WindowStatus, WindowStateSnapshot> states() {
    MaintenanceRequested checked = planned().setSteps(List.of(step("upgrade", "downgrade")))
        .setPreflightCriteria(List.of(criterion("healthy", CriterionKind.HTTP)))
        .setSuccessCriteria(List.of(criterion("errors", CriterionKind.LOKI))).build();
    Map<WindowStatus, WindowStateSnapshot> s = new LinkedHashMap<>();
    s.put(WindowStatus.PENDING_APPROVAL, Windows.pendingApproval());
    s.put(WindowStatus.SCHEDULED, Windows.scheduled());
    WindowStateSnapshot open = Windows.opened(checked);
    s.put(WindowStatus.OPEN, open);
    s.put(WindowStatus.FAILED, after(open, T, validation(open.getValidationId(), ValidationPhase.PREFLIGHT, Verdict.FAILED)));
    WindowStateSnapshot running = after(open, T, validation(open.getValidationId(), ValidationPhase.PREFLIGHT, Verdict.PASSED));
    s.put(WindowStatus.RUNNING, running);
    s.put(WindowStatus.VALIDATING, after(running, T, step("upgrade", 1, SUCCEEDED)));
    s.put(WindowStatus.PAUSED, after(Windows.running(), T, Fixtures.pause(), step("drain", 1, SUCCEEDED)));
    WindowStateSnapshot rollingBack = after(Windows.atLastStep(), T, step("smoke", 1, FAILED));
    s.put(WindowStatus.ROLLING_BACK, rollingBack);
    s.put(WindowStatus.ROLLED_BACK, after(rollingBack, T, compensation("upgrade", 1, SUCCEEDED), compensation("drain", 1, SUCCEEDED)));
    s.put(WindowStatus.ROLLBACK_FAILED, after(rollingBack, T, compensation("upgrade", 1, FAILED)));
    s.put(WindowStatus.COMPLETED, after(Windows.atLastStep(), T, step("smoke", 1, SUCCEEDED)));
    s.put(WindowStatus.REJECTED, after(null, NOW, Fixtures.requested(planned().setSteps(List.of()).build())));
    s.put(WindowStatus.CANCELLED, after(Windows.scheduled(), NOW, Fixtures.cancel()));
    WindowStateSnapshot pending = Windows.pendingApproval();
    s.put(WindowStatus.MISSED, after(pending, START, fire(pending, "APPROVAL_TIMEOUT")));
    return s;
  }

  static Stream<Arguments> everyCommandInEveryState() {
    List<Arguments> all = new ArrayList<>();
    states().forEach((status, state) -> commands().forEach((name, input) ->
        all.add(Arguments.of(status, name, state, input))));
    return all.stream();
  }

  @Test
  @DisplayName("the fixture reaches every status but REQUESTED (which never outlives a decision)")
  void everyStatusCovered() {
    Map<WindowStatus, WindowStateSnapshot> states = states();
    states.forEach((status, state) -> assertThat(state.getStatus()).as(status.name()).isEqualTo(status));
    assertThat(states.keySet()).hasSize(WindowStatus.values().length - 1);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyCommandInEveryState")
  @DisplayName("a command that does not apply is rejected and changes nothing else; one that applies is not rejected")
  void command(WindowStatus status, String name, WindowStateSnapshot state, Supplier<SagaInput> input) {
    Instant at = status == WindowStatus.PENDING_APPROVAL || status == WindowStatus.SCHEDULED ? NOW : T;
    SagaSpec.Then then = given(state).when(input.get()).at(at).expect();
    if (ALLOWED.get(status).contains(name)) {
      assertThat(then.all(CommandRejected.class)).as(name + " in " + status).isEmpty();
      assertThat(then.decision.changesNothing(state)).as(name + " in " + status + " changes something").isFalse();
    } else {
      then.rejectedAny();
    }
  }
}
