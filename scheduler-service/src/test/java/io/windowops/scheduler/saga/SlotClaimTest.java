package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.cancel;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.other;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.requested;
import static io.windowops.scheduler.saga.Fixtures.reschedule;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.CommandRejected;
import io.windowops.events.EventMetadata;
import io.windowops.events.FailureCause;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ReserveSlot;
import io.windowops.events.SlotGranted;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A window's slot, claimed from the admission owner of its environment")
class SlotClaimTest {

  private static final Instant LATER_START = START.plus(Duration.ofDays(1));
  private static final Instant LATER_END = END.plus(Duration.ofDays(1));

  private static ReserveSlot claim(Decision d) {
    assertThat(d.admissionCommands()).as("admission commands").hasSize(1);
    return (ReserveSlot) d.admissionCommands().get(0).getPayload();
  }

  private static ReleaseSlot release(Decision d) {
    assertThat(d.admissionCommands()).extracting(c -> c.getPayload().getClass().getSimpleName()).contains("ReleaseSlot");
    return d.admissionCommands().stream().map(AdmissionCommandEnvelope::getPayload)
        .filter(ReleaseSlot.class::isInstance).map(ReleaseSlot.class::cast).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("is claimed by a new request, which stays REQUESTED with no fact until the answer")
  void requestClaims() {
    SagaInput input = requested(planned().build());
    Decision d = SagaSpec.decideAlone(null, input, NOW);
    assertThat(d.state().getStatus()).isEqualTo(WindowStatus.REQUESTED);
    assertThat(d.events()).isEmpty();
    ReserveSlot claim = claim(d);
    assertThat(claim.getClaimId()).isEqualTo(input.metadata().getEventId());
    assertThat(claim.getCommand()).isEqualTo("MaintenanceRequested");
    assertThat(claim.getRequest().getEnvironment()).isEqualTo("production");
    assertThat(d.state().getReservationId()).isNull();
  }

  @Test
  @DisplayName("granted: the window holds it under the claim id and goes on to its approvals")
  void granted() {
    SagaSpec.Then then = given(null).when(requested(planned().build())).at(NOW).expect()
        .status(WindowStatus.PENDING_APPROVAL);
    assertThat(then.state().getReservationId()).isEqualTo(then.input.metadata().getEventId());
    assertThat(then.state().getScheduledStart()).isEqualTo(START);
  }

  @Test
  @DisplayName("refused: the window is REJECTED with failureCause POLICY_VIOLATION, naming the window that holds the slot")
  void refused() {
    SagaSpec.Then then = given(null).holding(other("MNT-HOLDER", START, END))
        .when(requested(planned().build())).at(NOW).expect()
        .status(WindowStatus.REJECTED)
        .events(WindowRejected.class)
        .noDeadlines();
    assertThat(then.state().getFailureCause()).isEqualTo(FailureCause.POLICY_VIOLATION);
    assertThat(then.state().getFailureDetail()).contains("MNT-HOLDER");
    assertThat(then.event(WindowRejected.class).getViolations()).extracting(v -> v.getCode()).containsExactly("CONFLICT");
    assertThat(then.decision.admissionCommands()).as("nothing to release: nothing was held")
        .extracting(c -> c.getPayload().getClass()).containsExactly((Class) ReserveSlot.class);
  }

  @Test
  @DisplayName("moved by a reschedule only once the new slot is granted, releasing the old claim after")
  void rescheduleTakesNewThenReleasesOld() {
    WindowStateSnapshot scheduled = Windows.scheduled();
    String oldClaim = scheduled.getReservationId();
    SagaInput move = reschedule(LATER_START, LATER_END);

    Decision asked = SagaSpec.decideAlone(scheduled, move, NOW);
    assertThat(asked.state().getScheduledStart()).as("still in the old slot while the claim is open").isEqualTo(START);
    assertThat(asked.events()).isEmpty();
    assertThat(claim(asked).getCommand()).isEqualTo("RescheduleRequested");
    assertThat(claim(asked).getRequest().getRequestedStart()).isEqualTo(LATER_START);

    SagaSpec.Then then = given(scheduled).when(move).at(NOW).expect().status(WindowStatus.PENDING_APPROVAL);
    assertThat(then.state().getScheduledStart()).isEqualTo(LATER_START);
    assertThat(then.state().getReservationId()).isEqualTo(move.metadata().getEventId());
    ReleaseSlot released = release(then.decision);
    assertThat(released.getClaimIds()).containsExactly(oldClaim);
    assertThat(released.getAll()).isFalse();
    assertThat(released.getEnvironment()).isEqualTo("production");
  }

  @Test
  @DisplayName("refused for a reschedule: CommandRejected naming the holder, the window keeps its slot and claim")
  void rescheduleRefused() {
    WindowStateSnapshot scheduled = Windows.scheduled();
    SagaSpec.Then then = given(scheduled).holding(other("MNT-HOLDER", LATER_START, LATER_END))
        .when(reschedule(LATER_START, LATER_END)).at(NOW).expect()
        .rejected("CONFLICT");
    assertThat(then.state().getReservationId()).isEqualTo(scheduled.getReservationId());
    assertThat(then.event(CommandRejected.class).getCommand()).isEqualTo("RescheduleRequested");
    assertThat(then.decision.admissionCommands()).extracting(c -> c.getPayload().getClass()).containsExactly((Class) ReserveSlot.class);
  }

  @Test
  @DisplayName("granted after the window opened no longer applies: the claim is released and the reschedule refused")
  void grantAfterOpening() {
    WindowStateSnapshot running = Windows.running();
    SlotGranted late = new SlotGranted("claim-late", "RescheduleRequested",
        MaintenanceRequested.newBuilder(running.getRequest()).setRequestedStart(LATER_START).setRequestedEnd(LATER_END).build(),
        LATER_START, LATER_END, false, "vendor delay");
    SagaSpec.Then then = given(running).when(answer(late)).at(START.plusSeconds(30)).expect()
        .status(WindowStatus.RUNNING);
    assertThat(release(then.decision).getClaimIds()).containsExactly("claim-late");
    assertThat(then.event(CommandRejected.class).getViolations()).extracting(v -> v.getCode()).containsExactly("NOT_RESCHEDULABLE");
    assertThat(then.state().getScheduledStart()).isEqualTo(START);
    assertThat(then.state().getReservationId()).isEqualTo(running.getReservationId());
  }

  @Test
  @DisplayName("refused after the window opened: the reschedule is still answered, and nothing else changes")
  void refusalAfterOpening() {
    WindowStateSnapshot running = Windows.running();
    SagaSpec.Then then = given(running).when(answer(new io.windowops.events.SlotRefused("claim-late", "RescheduleRequested",
            List.of(new io.windowops.events.Violation("services", "CONFLICT", "overlaps window MNT-HOLDER")))))
        .at(START.plusSeconds(30)).expect()
        .rejected("CONFLICT");
    assertThat(then.state().getReservationId()).isEqualTo(running.getReservationId());
  }

  @Test
  @DisplayName("is released, every claim, when the window ends (here: cancelled)")
  void releasedAtTheEnd() {
    SagaSpec.Then then = given(Windows.scheduled()).when(cancel()).at(NOW).expect().status(WindowStatus.CANCELLED);
    ReleaseSlot released = release(then.decision);
    assertThat(released.getAll()).isTrue();
    assertThat(released.getEnvironment()).isEqualTo("production");
    assertThat(then.state().getReservationId()).isNull();
  }

  @Test
  @DisplayName("does not open a window a freeze period added after it was scheduled now covers: MISSED")
  void freezeAddedWhileWaiting() {
    WindowStateSnapshot announced = Windows.announced();
    WindowSaga frozenNow = new WindowSaga(new TestPolicy() {
      @Override
      public boolean inFreeze(WindowPlan plan) {
        return true;
      }
    });
    Decision d = frozenNow.decide(announced, fire(announced, "WINDOW_START"), START);
    assertThat(d.state().getStatus()).isEqualTo(WindowStatus.MISSED);
    assertThat(d.events()).extracting(e -> e.getPayload().getClass()).contains((Class) WindowMissed.class);
    assertThat(d.state().getFailureDetail()).contains("freeze");
    assertThat(release(d).getAll()).isTrue();
  }

  @Test
  @DisplayName("refuses the approval that would schedule a window a freeze added after its grant now covers: IN_FREEZE")
  void freezeAddedBeforeTheLastApproval() {
    WindowStateSnapshot pending = Windows.pendingApproval();
    WindowSaga frozenNow = new WindowSaga(new TestPolicy() {
      @Override
      public boolean inFreeze(WindowPlan plan) {
        return true;
      }
    });
    Decision d = frozenNow.decide(pending, Fixtures.approve("bob", "vp"), NOW);
    assertThat(d.state().getStatus()).isEqualTo(WindowStatus.PENDING_APPROVAL);
    assertThat(d.state().getApprovals()).isEmpty();
    assertThat(d.events()).extracting(e -> ((CommandRejected) e.getPayload()).getViolations().get(0).getCode()).containsExactly("IN_FREEZE");
  }

  @Test
  @DisplayName("keeps an approval sent before the slot was granted, and applies it right after the grant")
  void approvalBeforeTheGrantWaits() {
    SagaInput input = requested(planned().build());
    WindowStateSnapshot waiting = SagaSpec.decideAlone(null, input, NOW).state();
    SagaInput early = Fixtures.approve("bob", "vp");
    Decision kept = SagaSpec.decideAlone(waiting, early, NOW);
    assertThat(kept.state().getStatus()).isEqualTo(WindowStatus.REQUESTED);
    assertThat(kept.events()).isEmpty();
    assertThat(kept.state().getDeferredRequests()).hasSize(1);
    assertThat(SagaSpec.decideAlone(kept.state(), early, NOW).changesNothing(kept.state())).as("redelivered").isTrue();

    Decision granted = SagaSpec.decideAlone(kept.state(), Fixtures.admitted(kept.state(), NOW), NOW);
    assertThat(granted.state().getStatus()).isEqualTo(WindowStatus.SCHEDULED);
    assertThat(granted.state().getDeferredRequests()).isEmpty();
    assertThat(granted.events()).extracting(e -> e.getPayload().getClass().getSimpleName()).containsExactly("ApprovalNeeded", "WindowScheduled");
    assertThat(granted.events().get(1).getMetadata().getCausationId()).as("the approval's own fact names it")
        .isEqualTo(early.metadata().getEventId());
  }

  @Test
  @DisplayName("refuses the commands that waited when the slot is refused, each answered on its own")
  void earlyCommandsOfARefusedWindow() {
    WindowStateSnapshot waiting = SagaSpec.decideAlone(null, requested(planned().build()), NOW).state();
    WindowStateSnapshot kept = SagaSpec.decideAlone(waiting, Fixtures.approve("bob", "vp"), NOW).state();
    SagaSpec.Then then = given(kept).holding(other("MNT-HOLDER", START, END)).when(Fixtures.cancel()).at(NOW).expect()
        .status(WindowStatus.REQUESTED);
    assertThat(then.state().getDeferredRequests()).hasSize(2);
    Decision refused = SagaSpec.decideAlone(then.state(), refusal(then.state()), NOW);
    assertThat(refused.state().getStatus()).isEqualTo(WindowStatus.REJECTED);
    assertThat(refused.events()).extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("WindowRejected", "CommandRejected", "CommandRejected");
  }

  @Test
  @DisplayName("answers are idempotent: the same grant again changes nothing")
  void grantRedelivered() {
    SagaInput input = requested(planned().setMaintenanceType(io.windowops.events.MaintenanceType.ZERO_DOWNTIME).build());
    WindowStateSnapshot waiting = SagaSpec.decideAlone(null, input, NOW).state();
    SagaInput granted = Fixtures.admitted(waiting, NOW);
    Decision once = SagaSpec.decideAlone(waiting, granted, NOW);
    assertThat(once.events()).extracting(e -> e.getPayload().getClass()).contains((Class) WindowScheduled.class);
    assertThat(SagaSpec.decideAlone(once.state(), granted, NOW).changesNothing(once.state())).isTrue();
  }

  private static SagaInput refusal(WindowStateSnapshot requested) {
    return answer(new io.windowops.events.SlotRefused(requested.getRequestEventId(), "MaintenanceRequested",
        List.of(new io.windowops.events.Violation("services", "CONFLICT", "overlaps window MNT-HOLDER"))));
  }

  private static SagaInput answer(Object payload) {
    EventMetadata meta = EventMetadata.newBuilder(Fixtures.meta("admission")).setEventId("answer-" + payload.hashCode()).build();
    return new SagaInput.Request(new RequestEnvelope(meta, payload));
  }
}
