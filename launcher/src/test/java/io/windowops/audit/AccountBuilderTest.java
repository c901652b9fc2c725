package io.windowops.audit;

import static io.windowops.audit.History.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.windowops.audit.WindowAccount.Attempt;
import io.windowops.audit.WindowAccount.Standing;
import io.windowops.events.*;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A window's audit account")
class AccountBuilderTest {

  /**
   * Requested, approved by tess, rescheduled (tess's approval void), self-approved by ana
   * (refused), approved by vic, announced on Slack (after a retry) and email, opened, checked
   * before the first step, backup ran, upgrade failed, backup compensated: rolled back.
   */
  static History rolledBack(String windowId, Instant start) {
    History h = new History(windowId, start);
    String requested = h.request("ana", request("Upgrade the resolver", step("backup", "backup-config", "restore-config"),
        step("upgrade", "upgrade-version", null)));
    h.fact(requested, approvalNeeded());
    String tess = h.request("tess", approval("tess", "team-lead"));
    String moved = h.request("ana", RescheduleRequested.newBuilder().setRequestedStart(start.plusSeconds(86_400)).setReason("clash").build());
    h.fact(moved, approvalNeeded());
    String self = h.request("ana", approval("ana", "team-lead"));
    h.fact(self, rejected("ApprovalGiven", "approver", "SELF_APPROVAL", "ana requested this window"));
    String vic = h.request("vic", approval("vic", "vp-engineering"));
    h.fact(vic, scheduled(start.plusSeconds(86_400)));
    h.fact(vic, NoticeDue.newBuilder().setNoticeId("initial").setKind(NoticeKind.INITIAL).setStatus(WindowStatus.SCHEDULED)
        .setSummary(summary()).setDueAt(h.now()).build());
    h.from("windowops.notifications.v1", "notifier", new NotificationFailed(windowId + "/initial/SLACK/#ops", "initial",
        NotificationChannel.SLACK, "#ops", "HTTP 503", false, 1, h.now().plusSeconds(30)));
    h.from("windowops.notifications.v1", "notifier", new NotificationDelivered(windowId + "/initial/SLACK/#ops", "initial",
        NotificationChannel.SLACK, "#ops", "1700000000.1", 2));
    h.from("windowops.notifications.v1", "notifier", new NotificationDelivered(windowId + "/initial/EMAIL/ops@example.com", "initial",
        NotificationChannel.EMAIL, "ops@example.com", "<m1@windowops>", 1));
    h.fact("timer-1", new WindowOpened(h.now(), h.now().plusSeconds(1800), 0L));
    h.scheduler("windowops.validations.v1", "timer-1", new ValidateWindow("pre-1", ValidationPhase.PREFLIGHT, List.of(criterion()), java.util.Map.of()));
    Instant measured = h.now();
    h.from("windowops.validation-results.v1", "validator", ValidationOutcome.newBuilder().setValidationId("pre-1")
        .setPhase(ValidationPhase.PREFLIGHT).setVerdict(Verdict.PASSED).setStartedAt(measured)
        .setMeasurements(List.of(measurement(1, 0.001, measured), measurement(2, 0.002, measured.plusSeconds(10)))).build());
    h.scheduler("windowops.steps.v1", "v-1", new RunStep("backup", 1, step("backup", "backup-config", "restore-config"), "production", List.of("resolver")));
    Instant began = h.now();
    h.from("windowops.step-results.v1", "executor", outcome("backup", ExecutionKind.STEP, "backup-config", StepStatus.STARTED, null, began, null, null));
    h.from("windowops.step-results.v1", "executor", outcome("backup", ExecutionKind.STEP, "backup-config", StepStatus.SUCCEEDED, 0, began, Duration.ofMillis(1500), null));
    h.scheduler("windowops.steps.v1", "o-1", new RunStep("upgrade", 1, step("upgrade", "upgrade-version", null), "production", List.of("resolver")));
    Instant upgrade = h.now();
    h.from("windowops.step-results.v1", "executor", outcome("upgrade", ExecutionKind.STEP, "upgrade-version", StepStatus.FAILED, 3, upgrade, Duration.ofMillis(2500), "exit code 3"));
    h.fact("o-2", new StepFailed("upgrade", ExecutionKind.STEP, 1, StepStatus.FAILED, "exit code 3", false, null));
    h.fact("o-2", new RollbackStarted(FailureCause.STEP_FAILED, "upgrade failed: exit code 3", "upgrade", List.of("backup")));
    h.scheduler("windowops.steps.v1", "o-2", new CompensateStep("backup", 1, new CompensationSpec("restore-config", java.util.Map.of()), 60,
        java.util.Map.of(), "production", List.of("resolver"), false));
    Instant undo = h.now();
    h.from("windowops.step-results.v1", "executor", outcome("backup", ExecutionKind.COMPENSATION, "restore-config", StepStatus.SUCCEEDED, 0, undo, Duration.ofMillis(700), null));
    h.fact("o-3", new WindowRolledBack(FailureCause.STEP_FAILED, List.of("backup")));
    return h;
  }

  private final History history = rolledBack("MNT-AUDIT-1", T0);
  private final WindowAccount account = AccountBuilder.of("MNT-AUDIT-1", Range.ALL, history.entries);

  @Test
  @DisplayName("an approval counts, is refused with the saga's reason, or is voided by a later change of plan")
  void approvals() {
    assertThat(account.approvals()).extracting(a -> a.approver() + " " + a.standing())
        .containsExactly("tess VOIDED", "ana REFUSED", "vic COUNTED");
    assertThat(account.approvals().get(0).why()).isEqualTo("the plan changed");
    assertThat(account.approvals().get(1).why()).contains("SELF_APPROVAL");
    assertThat(account.approvals()).allSatisfy(a -> assertThat(a.at()).isNotNull());
  }

  @Test
  @DisplayName("each notice lists its deliveries per channel and target with the latest outcome and attempts")
  void notices() {
    assertThat(account.notices()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo("INITIAL");
      assertThat(n.deliveries()).extracting(d -> d.channel() + " " + d.target() + " " + d.outcome() + " " + d.attempts())
          .containsExactly("SLACK #ops DELIVERED 2", "EMAIL ops@example.com DELIVERED 1");
    });
  }

  @Test
  @DisplayName("each step attempt has its exit code and duration; compensations are listed in the order they ran")
  void stepsAndCompensations() {
    Attempt upgrade = account.steps().get(1).attempts().get(0);
    assertThat(upgrade.status()).isEqualTo("FAILED");
    assertThat(upgrade.exitCode()).isEqualTo(3);
    assertThat(upgrade.duration()).isEqualTo(Duration.ofMillis(2500));
    assertThat(upgrade.error()).isEqualTo("exit code 3");
    assertThat(account.steps().get(0).attempts()).extracting(a -> a.kind() + " " + a.status() + " " + a.duration().toMillis())
        .containsExactly("STEP SUCCEEDED 1500", "COMPENSATION SUCCEEDED 700");
    assertThat(account.compensations()).extracting(a -> a.stepId() + " " + a.action()).containsExactly("backup restore-config");
    assertThat(account.rollbacks()).singleElement().satisfies(r -> {
      assertThat(r.cause()).isEqualTo("STEP_FAILED");
      assertThat(r.plan()).containsExactly("backup");
      assertThat(r.compensated()).containsExactly("backup");
    });
  }

  @Test
  @DisplayName("every validation measurement is kept, and the final state carries the failure's cause")
  void validationsAndEnd() {
    assertThat(account.validations()).singleElement().satisfies(v -> {
      assertThat(v.criteria()).containsExactly("error-rate");
      assertThat(v.measurements()).extracting(Measurement::getValue).containsExactly(0.001, 0.002);
    });
    assertThat(account.finalState().status()).isEqualTo("ROLLED_BACK");
    assertThat(account.finalState().cause()).isEqualTo("STEP_FAILED");
    assertThat(account.decisions()).extracting(WindowAccount.Decision::decision)
        .containsExactly("APPROVAL_NEEDED", "APPROVAL_NEEDED", "REFUSED ApprovalGiven", "SCHEDULED", "OPENED");
    assertThat(account.commands()).singleElement().satisfies(c -> assertThat(c.detail()).contains("clash"));
  }

  @Test
  @DisplayName("the text and JSON renderings show every section")
  void renderings() {
    StringWriter text = new StringWriter();
    new AccountText(new PrintWriter(text)).print(account);
    assertThat(text.toString()).contains("Final state: ROLLED_BACK", "cause STEP_FAILED", "tess as team-lead  VOIDED",
        "ana as team-lead  REFUSED", "vic as vp-engineering  COUNTED", "SLACK", "#ops", "DELIVERED", "2 attempt(s)",
        "upgrade-version attempt 1  FAILED      exit 3", "took 2.500 s", "error-rate", "#2", "0.002",
        "rollback started: STEP_FAILED", "compensation of backup, restore-config attempt 1", "reschedule by ana");
    JsonObject json = AccountJson.of(account);
    assertThat(json.getJsonArray("approvals").getJsonObject(0).getBoolean("voided")).isTrue();
    assertThat(json.getJsonArray("steps").getJsonObject(1).getJsonArray("attempts").getJsonObject(0).getLong("durationMs")).isEqualTo(2500);
    assertThat(json.getJsonArray("timeline")).hasSize(history.entries.size());
  }

  @Test
  @DisplayName("a range keeps only what happened in it")
  void range() {
    Instant cut = history.entries.get(10).at();
    Range late = new Range(cut, null);
    WindowAccount after = AccountBuilder.of("MNT-AUDIT-1", late,
        history.entries.stream().filter(e -> late.contains(e.at())).toList());
    assertThat(after.request()).isNull();
    assertThat(after.approvals()).isEmpty();
    assertThat(after.finalState().status()).isEqualTo("ROLLED_BACK");
    assertThat(new Range(null, cut).contains(cut)).as("until is exclusive").isFalse();
  }

  @Test
  @DisplayName("a range must end after it starts")
  void emptyRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Range(T0, T0)).hasMessageContaining("--until");
  }
}
