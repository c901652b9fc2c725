package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.END;
import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.WINDOW;
import static io.windowops.scheduler.saga.Fixtures.cancel;
import static io.windowops.scheduler.saga.Fixtures.other;
import static io.windowops.scheduler.saga.Fixtures.planned;
import static io.windowops.scheduler.saga.Fixtures.requested;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ApprovalNeeded;
import io.windowops.events.DeadlineKind;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceType;
import io.windowops.events.StepState;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A maintenance request")
class RequestingTest {

  @Test
  @DisplayName("for a planned outage waits for its approval, with a deadline at the start")
  void plannedOutageNeedsApproval() {
    SagaSpec.Then then = given(null).when(requested(planned().build())).at(NOW).expect()
        .status(WindowStatus.PENDING_APPROVAL)
        .events(ApprovalNeeded.class)
        .noCommands()
        .deadlineAt("APPROVAL_TIMEOUT", START);
    ApprovalNeeded needed = then.event(ApprovalNeeded.class);
    assertThat(needed.getRequiredRoles()).containsExactly("vp");
    assertThat(needed.getApprovalsRequired()).isEqualTo(1);
    assertThat(needed.getFourEyes()).isTrue();
    assertThat(needed.getProposedStart()).isEqualTo(START);
    assertThat(then.state().getSteps()).extractingFromEntries(e -> e.getValue().getState())
        .containsOnly(StepState.PENDING);
  }

  @Test
  @DisplayName("stamps every emitted record deterministically: sequence, id from window and sequence, causation, correlation, actor, time")
  void metadata() {
    SagaInput request = requested(planned().build());
    Decision claimed = SagaSpec.decideAlone(null, request, NOW);
    EventMetadata m = claimed.admissionCommands().get(0).getMetadata();
    assertThat(m.getSequence()).isEqualTo(1);
    assertThat(m.getEventId()).isEqualTo(Change.eventId(WINDOW, 1));
    assertThat(m.getWindowId()).isEqualTo(WINDOW);
    assertThat(m.getCausationId()).isEqualTo(request.metadata().getEventId());
    assertThat(m.getCorrelationId()).isEqualTo("pipeline-run-7");
    assertThat(m.getActor()).isEqualTo("scheduler");
    assertThat(m.getOccurredAt()).isEqualTo(NOW);
    assertThat(claimed.state().getLastSequence()).isEqualTo(1);
    assertThat(claimed.state().getProcessedEventIds()).containsExactly(request.metadata().getEventId());
    assertThat(claimed.state().getCorrelationId()).isEqualTo("pipeline-run-7");

    SagaInput granted = Fixtures.admitted(claimed.state(), NOW);
    EventMetadata fact = SagaSpec.decideAlone(claimed.state(), granted, NOW).events().get(0).getMetadata();
    assertThat(fact.getSequence()).isEqualTo(2);
    assertThat(fact.getEventId()).isEqualTo(Change.eventId(WINDOW, 2));
    assertThat(fact.getCausationId()).as("a fact caused by an admission answer names the command that claimed the slot").isEqualTo(request.metadata().getEventId());
    assertThat(fact.getCorrelationId()).isEqualTo("pipeline-run-7");
  }

  @Test
  @DisplayName("that needs no approval is scheduled at once, with its notice and start deadlines armed")
  void zeroDowntimeScheduledAtOnce() {
    SagaSpec.Then then = given(null)
        .when(requested(planned().setMaintenanceType(MaintenanceType.ZERO_DOWNTIME).build()))
        .at(NOW).expect()
        .status(WindowStatus.SCHEDULED)
        .events(WindowScheduled.class)
        .deadlineAt("NOTICE:initial", START.minus(Duration.ofHours(24)))
        .deadlineAt("WINDOW_START", START);
    assertThat(then.event(WindowScheduled.class).getPreviousStart()).isNull();
    assertThat(then.deadline("WINDOW_START").getKind()).isEqualTo(DeadlineKind.WINDOW_START);
  }

  @Test
  @DisplayName("is rejected with every violation listed, each naming its field")
  void rejectedWithEveryViolation() {
    Instant start = Instant.parse("2026-11-12T01:00:00Z");
    SagaSpec.Then then = given(null)
        .holding(other("MNT-OTHER", start, start.plusSeconds(60)))
        .when(requested(planned().setRequestedStart(start).setRequestedEnd(start.plus(Duration.ofHours(4))).build()))
        .at(NOW).expect()
        .status(WindowStatus.REJECTED)
        .events(WindowRejected.class)
        .noCommands()
        .noDeadlines();
    assertThat(then.event(WindowRejected.class).getViolations())
        .extracting(v -> v.getField() + ":" + v.getCode())
        .containsExactlyInAnyOrder("requestedStart:OUTSIDE_ALLOWED_SLOT", "requestedEnd:TOO_LONG",
            "requestedStart:INSUFFICIENT_NOTICE", "requestedStart:CONFLICT");
  }

  @Test
  @DisplayName("without steps, with duplicate step ids, bad timeouts or no duration is rejected naming each field")
  void rejectedForItsShape() {
    SagaSpec.Then then = given(null)
        .when(requested(planned()
            .setRequestedEnd(null)
            .setSteps(List.of(step("a", null), step("a", null)))
            .build()))
        .at(NOW).expect().status(WindowStatus.REJECTED);
    assertThat(then.event(WindowRejected.class).getViolations())
        .extracting(v -> v.getField() + ":" + v.getCode())
        .containsExactlyInAnyOrder("steps[1].stepId:DUPLICATE_STEP_ID", "durationMinutes:MISSING_DURATION");

    SagaSpec.Then empty = given(null).when(requested(planned().setSteps(List.of()).setRequester("").build())).at(NOW).expect();
    assertThat(empty.event(WindowRejected.class).getViolations())
        .extracting(v -> v.getField() + ":" + v.getCode())
        .containsExactlyInAnyOrder("steps:MISSING_STEPS", "requester:MISSING_REQUESTER");
  }

  @Test
  @DisplayName("redelivered (same event id) changes nothing")
  void redeliveredRequest() {
    SagaInput request = requested(planned().build());
    WindowStateSnapshot once = SagaSpec.after(null, NOW, request);
    given(once).when(request).at(NOW.plusSeconds(5)).expect().unchanged();
  }

  @Test
  @DisplayName("sent twice with the same window id creates one window")
  void sameRequestTwice() {
    WindowStateSnapshot once = Windows.pendingApproval();
    given(once).when(requested(planned().build())).at(NOW.plusSeconds(5)).expect().unchanged();
  }

  @Test
  @DisplayName("with a different payload for a window that was rejected is refused: WINDOW_EXISTS")
  void differentRequestForRejectedWindow() {
    WindowStateSnapshot rejected = SagaSpec.after(null, NOW, requested(planned().setSteps(List.of()).build()));
    given(rejected).when(requested(planned().build())).at(NOW).expect().rejected("WINDOW_EXISTS");
  }

  @Test
  @DisplayName("without a start takes the next allowed slot that respects notice and conflicts")
  void nextAllowedSlot() {
    // 7 days' notice rules out 2026-11-17; 2026-11-18 conflicts; so 2026-11-19.
    Instant expected = Instant.parse("2026-11-19T02:00:00Z");
    SagaSpec.Then then = given(null)
        .holding(other("MNT-OTHER", Instant.parse("2026-11-18T02:30:00Z"), Instant.parse("2026-11-18T03:00:00Z")))
        .when(requested(planned().setRequestedStart(null).setRequestedEnd(null).setDurationMinutes(60).build()))
        .at(NOW).expect()
        .status(WindowStatus.PENDING_APPROVAL);
    assertThat(then.state().getScheduledStart()).isEqualTo(expected);
    assertThat(then.state().getScheduledEnd()).isEqualTo(expected.plus(Duration.ofHours(1)));
  }

  @Test
  @DisplayName("with useNextAllowedSlot moves off a conflicting time instead of being rejected")
  void useNextAllowedSlot() {
    SagaSpec.Then then = given(null)
        .holding(other("MNT-OTHER", START, END))
        .when(requested(planned().setUseNextAllowedSlot(true).build()))
        .at(NOW).expect()
        .status(WindowStatus.PENDING_APPROVAL);
    assertThat(then.state().getScheduledStart()).isEqualTo(START.plus(Duration.ofDays(1)));
  }

  @Test
  @DisplayName("that fits no slot within a year is rejected: NO_ALLOWED_SLOT")
  void noSlot() {
    SagaSpec.Then then = given(null)
        .when(requested(planned().setRequestedStart(null).setRequestedEnd(null).setDurationMinutes(300).build()))
        .at(NOW).expect().status(WindowStatus.REJECTED);
    assertThat(then.event(WindowRejected.class).getViolations()).extracting(v -> v.getCode())
        .containsExactly("NO_ALLOWED_SLOT");
  }

  @Test
  @DisplayName("a command for an unknown window is ignored: nothing to store")
  void unknownWindow() {
    Decision d = SagaSpec.SAGA.decide(null, cancel(), NOW);
    assertThat(d.state()).isNull();
    assertThat(d.events()).isEmpty();
  }
}
