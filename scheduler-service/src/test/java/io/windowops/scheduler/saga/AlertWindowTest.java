package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.approveStep;
import static io.windowops.scheduler.saga.Fixtures.delivered;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.request;
import static io.windowops.scheduler.saga.Fixtures.requested;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;
import static io.windowops.scheduler.saga.SagaSpec.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AlertResolutionRecorded;
import io.windowops.events.AlertResolved;
import io.windowops.events.ApprovalNeeded;
import io.windowops.events.CompensationSpec;
import io.windowops.events.FailureCause;
import io.windowops.events.GateDecided;
import io.windowops.events.IncidentEscalated;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoGoGiven;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepSpec;
import io.windowops.events.StepState;
import io.windowops.events.StepStatus;
import io.windowops.events.StepSucceeded;
import io.windowops.events.TimerFired;
import io.windowops.events.DeadlineKind;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("A window an alert opened")
class AlertWindowTest {

  /** The alert fired two minutes before the webhook's request reached the saga. */
  static final Instant FIRED = NOW.minus(Duration.ofMinutes(2));
  static final String FINGERPRINT = "3f2a9c1d7e5b4a60";

  static StepSpec plain(String id, String action, String undo) {
    return StepSpec.newBuilder()
        .setStepId(id)
        .setAction(action)
        .setCompensation(undo == null ? null : new CompensationSpec(undo, Map.of()))
        .setTimeoutSeconds(300)
        .build();
  }

  /** Diagnose, a go/no-go gate for operators, clear the cache (undoable), then check. */
  static MaintenanceRequested alert(String severity) {
    return MaintenanceRequested.newBuilder()
        .setTitle("[" + severity + "] Oneiric cache corruption")
        .setServices(List.of("oneiric"))
        .setEnvironment("development")
        .setMaintenanceType(MaintenanceType.EMERGENCY)
        .setDurationMinutes(120)
        .setSteps(List.of(
            plain("diagnose", "verify-digests", null),
            StepSpec.newBuilder(plain("go-clear", "approval", null))
                .setParams(Map.of("roles", "operator,incident-commander", "count", "1")).build(),
            plain("clear", "quarantine-dir", "restore-dir"),
            plain("check", "check-health", null)))
        .setRequester("alertmanager")
        .setLabels(Map.of(
            AlertLabels.NAME, "OneiricDigestVerificationFailed",
            AlertLabels.FINGERPRINT, FINGERPRINT,
            AlertLabels.STARTS_AT, FIRED.toString(),
            AlertLabels.SEVERITY, severity))
        .build();
  }

  static WindowStateSnapshot created(String severity) {
    return after(null, NOW, requested(alert(severity)));
  }

  /** Opened as soon as its immediate notice was delivered (the notice gate); diagnosis requested. */
  static WindowStateSnapshot running() {
    return after(created("P0"), NOW, delivered("initial"));
  }

  /** Diagnosis done: the gate waits for an operator. */
  static WindowStateSnapshot atGate() {
    return after(running(), NOW.plusSeconds(30), step("diagnose", 1, StepStatus.SUCCEEDED));
  }

  static SagaInput noGo(String operator, String role) {
    return request(NoGoGiven.newBuilder().setOperator(operator).setRole(role).setStepId("go-clear").setReason("evidence points elsewhere").build());
  }

  static SagaInput resolved(String fingerprint) {
    return request(new AlertResolved("OneiricDigestVerificationFailed", fingerprint, NOW.plusSeconds(600)));
  }

  @Nested
  @DisplayName("when created")
  class Created {

    @Test
    @DisplayName("is scheduled at once without window approvals and pages the first level")
    void scheduledAndPaged() {
      SagaSpec.Then then = given(null).when(requested(alert("P0"))).at(NOW).expect()
          .status(WindowStatus.SCHEDULED)
          .events(IncidentEscalated.class, NoticeDue.class, WindowScheduled.class, NoticeDue.class)
          .deadlineAt("WINDOW_START", NOW)
          .deadlineAt(Escalation.TIMER, FIRED.plus(Duration.ofMinutes(30)));
      IncidentEscalated escalated = then.event(IncidentEscalated.class);
      assertThat(escalated.getLevel()).isZero();
      assertThat(escalated.getEscalateTo()).isEqualTo("on-call");
      assertThat(escalated.getSeverity()).isEqualTo("P0");
      NoticeDue page = then.all(NoticeDue.class).get(0);
      assertThat(page.getKind()).isEqualTo(NoticeKind.ESCALATION);
      assertThat(page.getNoticeId()).isEqualTo("escalation-0");
      assertThat(page.getEscalateTo()).isEqualTo("on-call");
      assertThat(page.getDetail()).contains("P0 OneiricDigestVerificationFailed firing since " + FIRED);
    }

    @Test
    @DisplayName("the same alert firing again changes nothing: one window")
    void repeated() {
      given(created("P0")).when(requested(alert("P0"))).at(NOW.plusSeconds(60)).expect().unchanged();
    }

    @Test
    @DisplayName("an emergency no alert opened still waits for its approvals and escalates nobody")
    void ordinaryEmergency() {
      MaintenanceRequested plain = MaintenanceRequested.newBuilder(alert("P0")).setLabels(Map.of()).build();
      given(null).when(requested(plain)).at(NOW).expect()
          .status(WindowStatus.PENDING_APPROVAL).events(ApprovalNeeded.class).noDeadline(Escalation.TIMER);
    }

    @Test
    @DisplayName("rejected by the policy (here: too long), it still pages: the incident is left to people")
    void rejectedStillPages() {
      MaintenanceRequested tooLong = MaintenanceRequested.newBuilder(alert("P0")).setDurationMinutes(5 * 60).build();
      given(null).when(requested(tooLong)).at(NOW).expect()
          .status(WindowStatus.REJECTED)
          .events(IncidentEscalated.class, NoticeDue.class, WindowRejected.class)
          .deadlineAt(Escalation.TIMER, FIRED.plus(Duration.ofMinutes(30)));
    }

    @Test
    @DisplayName("a severity without an escalation matrix escalates nobody")
    void unknownSeverity() {
      given(null).when(requested(alert("P3"))).at(NOW).expect()
          .status(WindowStatus.SCHEDULED).events(WindowScheduled.class, NoticeDue.class).noDeadline(Escalation.TIMER);
    }
  }

  @Nested
  @DisplayName("escalates on its timers")
  class Escalating {

    @Test
    @DisplayName("at 30 minutes to the team lead, then arms the manager's hour")
    void teamLead() {
      WindowStateSnapshot s = atGate();
      Instant due = FIRED.plus(Duration.ofMinutes(30));
      SagaSpec.Then then = given(s).when(fire(s, Escalation.TIMER)).at(due.plusMillis(5)).expect()
          .status(WindowStatus.RUNNING)
          .events(IncidentEscalated.class, NoticeDue.class)
          .deadlineAt(Escalation.TIMER, FIRED.plus(Duration.ofHours(1)));
      assertThat(then.event(IncidentEscalated.class).getEscalateTo()).isEqualTo("team-lead");
      assertThat(then.event(IncidentEscalated.class).getAfter()).isEqualTo("PT30M");
      assertThat(then.event(NoticeDue.class).getEscalateTo()).isEqualTo("team-lead");
      assertThat(then.event(NoticeDue.class).getDetail()).contains("not resolved after PT30M", "waiting for approval: go-clear");
    }

    @Test
    @DisplayName("each level once, up to the director, then no more deadline")
    void allLevels() {
      WindowStateSnapshot s = atGate();
      for (Duration at : List.of(Duration.ofMinutes(30), Duration.ofHours(1))) {
        s = after(s, FIRED.plus(at), fire(s, Escalation.TIMER));
      }
      SagaSpec.Then last = given(s).when(fire(s, Escalation.TIMER)).at(FIRED.plus(Duration.ofHours(2))).expect()
          .events(IncidentEscalated.class, NoticeDue.class).noDeadline(Escalation.TIMER);
      assertThat(last.event(IncidentEscalated.class).getEscalateTo()).isEqualTo("director");
      assertThat(last.state().getNoticesIssued()).contains("escalation-0", "escalation-1", "escalation-2", "escalation-3");
    }

    @Test
    @DisplayName("a timer firing late (a restored scheduler) notifies every level that is due, each once")
    void late() {
      WindowStateSnapshot s = atGate();
      SagaSpec.Then then = given(s).when(fire(s, Escalation.TIMER)).at(FIRED.plus(Duration.ofHours(3))).expect()
          .events(IncidentEscalated.class, NoticeDue.class, IncidentEscalated.class, NoticeDue.class,
              IncidentEscalated.class, NoticeDue.class)
          .noDeadline(Escalation.TIMER);
      assertThat(then.all(IncidentEscalated.class)).extracting(IncidentEscalated::getEscalateTo)
          .containsExactly("team-lead", "engineering-manager", "director");
    }

    @Test
    @DisplayName("P2 stops at the team lead")
    void p2StopsAtTeamLead() {
      WindowStateSnapshot s = created("P2");
      given(s).when(fire(s, Escalation.TIMER)).at(FIRED.plus(Duration.ofMinutes(30))).expect()
          .events(IncidentEscalated.class, NoticeDue.class).noDeadline(Escalation.TIMER);
    }

    @Test
    @DisplayName("a stale escalation timer (another due time) changes nothing")
    void stale() {
      WindowStateSnapshot s = atGate();
      SagaInput stale = request(new TimerFired(Escalation.TIMER, DeadlineKind.NOTICE, FIRED.plusSeconds(1), "escalation-1"));
      given(s).when(stale).at(FIRED.plus(Duration.ofMinutes(31))).expect().unchanged();
    }

    @Test
    @DisplayName("a completed window escalates no more")
    void completedStops() {
      WindowStateSnapshot s = after(atGate(), NOW.plusSeconds(60),
          approveStep("go-clear", "olga", "operator"),
          step("clear", 1, StepStatus.SUCCEEDED),
          step("check", 1, StepStatus.SUCCEEDED));
      assertThat(s.getStatus()).isEqualTo(WindowStatus.COMPLETED);
      assertThat(s.getDeadlines()).noneMatch(d -> d.getTimerId().equals(Escalation.TIMER));
      SagaInput old = request(new TimerFired(Escalation.TIMER, DeadlineKind.NOTICE, FIRED.plus(Duration.ofMinutes(30)), "escalation-1"));
      given(s).when(old).at(FIRED.plus(Duration.ofMinutes(30))).expect().unchanged();
    }

    @Test
    @DisplayName("a rolled-back incident is still open: the next level stays armed")
    void rolledBackKeepsEscalating() {
      SagaSpec.Then then = given(atGate()).when(noGo("olga", "operator")).at(NOW.plusSeconds(60)).expect()
          .status(WindowStatus.ROLLED_BACK)
          .deadlineAt(Escalation.TIMER, FIRED.plus(Duration.ofMinutes(30)));
      WindowStateSnapshot s = then.state();
      given(s).when(fire(s, Escalation.TIMER)).at(FIRED.plus(Duration.ofMinutes(30))).expect()
          .status(WindowStatus.ROLLED_BACK).events(IncidentEscalated.class, NoticeDue.class);
    }
  }

  @Nested
  @DisplayName("holds its destructive step at a go/no-go gate")
  class Gate {

    @Test
    @DisplayName("the gate waits for an operator after the diagnosis")
    void waits() {
      given(running()).when(step("diagnose", 1, StepStatus.SUCCEEDED)).at(NOW.plusSeconds(30)).expect()
          .status(WindowStatus.RUNNING)
          .events(StepSucceeded.class, NoticeDue.class, ApprovalNeeded.class)
          .runs();
    }

    @Test
    @DisplayName("go releases it as a fact on the timeline and runs the destructive step")
    void go() {
      SagaSpec.Then then = given(atGate()).when(approveStep("go-clear", "olga", "operator")).at(NOW.plusSeconds(60)).expect()
          .events(GateDecided.class, StepSucceeded.class, NoticeDue.class)
          .runs("clear#1");
      GateDecided go = then.event(GateDecided.class);
      assertThat(go.getGo()).isTrue();
      assertThat(go.getReleased()).isTrue();
      assertThat(go.getDecidedBy()).isEqualTo("olga");
    }

    @Test
    @DisplayName("no-go fails the gate, records who and why, and rolls the window back")
    void noGoRollsBack() {
      SagaSpec.Then then = given(atGate()).when(noGo("ivan", "incident-commander")).at(NOW.plusSeconds(60)).expect()
          .status(WindowStatus.ROLLED_BACK)
          .noCommands();
      assertThat(then.decision.events().stream().map(e -> e.getPayload().getClass().getSimpleName()).toList())
          .containsExactly("GateDecided", "StepFailed", "NoticeDue", "RollbackStarted", "NoticeDue", "WindowRolledBack", "NoticeDue");
      GateDecided noGo = then.event(GateDecided.class);
      assertThat(noGo.getGo()).isFalse();
      assertThat(noGo.getComment()).isEqualTo("evidence points elsewhere");
      assertThat(then.event(StepFailed.class).getError()).isEqualTo("no-go by ivan: evidence points elsewhere");
      assertThat(then.event(RollbackStarted.class).getCause()).isEqualTo(FailureCause.ABORTED);
      assertThat(then.state().getSteps().get("clear").getState()).isEqualTo(StepState.SKIPPED);
    }

    @Test
    @DisplayName("no-go by a role the gate does not accept is refused")
    void noGoWrongRole() {
      given(atGate()).when(noGo("tess", "team-lead")).at(NOW.plusSeconds(60)).expect().rejected("ROLE_NOT_ALLOWED");
    }

    @Test
    @DisplayName("no-go for a step that is not waiting is refused")
    void noGoNotWaiting() {
      given(running()).when(noGo("olga", "operator")).at(NOW.plusSeconds(60)).expect().rejected("NOT_WAITING_APPROVAL");
    }
  }

  @Nested
  @DisplayName("when its alert resolves")
  class Resolved {

    @Test
    @DisplayName("records it once on the timeline and changes nothing else")
    void recordedOnce() {
      SagaSpec.Then then = given(atGate()).when(resolved(FINGERPRINT)).at(NOW.plusSeconds(90)).expect()
          .status(WindowStatus.RUNNING)
          .events(AlertResolutionRecorded.class)
          .noCommands();
      assertThat(then.state().getAlertResolvedAt()).isEqualTo(NOW.plusSeconds(90));
      assertThat(then.state().getSteps().get("go-clear").getState()).isEqualTo(StepState.WAITING_APPROVAL);
      given(then.state()).when(resolved(FINGERPRINT)).at(NOW.plusSeconds(120)).expect().unchanged();
    }

    @Test
    @DisplayName("a resolution for another alert is refused")
    void otherFingerprint() {
      given(atGate()).when(resolved("ffff000011112222")).at(NOW.plusSeconds(90)).expect().rejected("FINGERPRINT_MISMATCH");
    }

    @Test
    @DisplayName("a window no alert opened ignores it")
    void notAnAlertWindow() {
      given(Windows.running()).when(resolved(FINGERPRINT)).at(NOW).expect().unchanged();
    }

    @Test
    @DisplayName("the post verification still decides: the window completes after the runbook")
    void completes() {
      WindowStateSnapshot s = after(atGate(), NOW.plusSeconds(60), resolved(FINGERPRINT),
          approveStep("go-clear", "olga", "operator"), step("clear", 1, StepStatus.SUCCEEDED));
      given(s).when(step("check", 1, StepStatus.SUCCEEDED)).at(NOW.plusSeconds(120)).expect()
          .status(WindowStatus.COMPLETED).events(StepSucceeded.class, NoticeDue.class, WindowCompleted.class, NoticeDue.class);
    }
  }
}
