package io.windowops.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.policy.WindowPolicy.EscalationLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The alerts section of a policy")
class AlertRunbooksTest {

  private static final String HEAD =
      """
      environments:
        production: {zone: UTC, anyTime: true}
      types:
        emergency:
          bypassSlots: true
          notices: {immediate: true}
          approvals: {roles: [incident-commander], count: 2}
      """;

  private static List<PolicyError> errors(String alerts) {
    try {
      MaintenancePolicy.parse(HEAD + alerts, "alerts.yaml");
    } catch (PolicyException e) {
      return e.errors();
    }
    throw new AssertionError("loaded although broken:\n" + alerts);
  }

  @Test
  @DisplayName("the shipped example maps the five Oneiric alerts to runbooks with their severities")
  void exampleRunbooks() {
    MaintenancePolicy policy = PolicyFixtures.example();
    assertThat(policy.alertRunbooks()).containsExactlyInAnyOrder(
        "OneiricResolutionFailureRateHigh", "OneiricLifecycleSwapFailureRateHigh",
        "OneiricRemoteSyncConsecutiveFailures", "OneiricDigestVerificationFailed",
        "OneiricActiveInstancesExtremelyHigh");
    AlertRunbook resolution = policy.runbook("OneiricResolutionFailureRateHigh").orElseThrow();
    assertThat(resolution.severity()).isEqualTo(Severity.P0);
    assertThat(resolution.respondWithin()).isEqualTo(Duration.ofMinutes(5));
    assertThat(resolution.verification()).singleElement().satisfies(c -> {
      assertThat(c.getKind()).isEqualTo(CriterionKind.PROMETHEUS);
      assertThat(c.getComparator()).isEqualTo(ComparisonOperator.GREATER_THAN);
      assertThat(c.getThreshold()).isEqualTo(0.99);
      assertThat(c.getIntervalSeconds()).isEqualTo(60);
      assertThat(c.getCount()).isEqualTo(5);
    });
    assertThat(resolution.steps()).extracting(StepSpec::getStepId).startsWith("capture-metrics", "capture-logs");
    assertThat(policy.runbook("OneiricRemoteSyncConsecutiveFailures").orElseThrow().severity()).isEqualTo(Severity.P1);
  }

  @Test
  @DisplayName("the destructive and security steps of the example wait at a go/no-go gate and can be undone")
  void gatesBeforeDestructiveSteps() {
    MaintenancePolicy policy = PolicyFixtures.example();
    List<StepSpec> digest = policy.runbook("OneiricDigestVerificationFailed").orElseThrow().steps();
    List<String> ids = digest.stream().map(StepSpec::getStepId).toList();
    assertThat(ids.indexOf("go-quarantine")).isEqualTo(ids.indexOf("quarantine-cache") - 1);
    assertThat(digest.get(ids.indexOf("go-quarantine")).getAction()).isEqualTo("approval");
    assertThat(digest.get(ids.indexOf("quarantine-cache")).getCompensation().getAction()).isEqualTo("restore-dir");
    List<StepSpec> memory = policy.runbook("OneiricActiveInstancesExtremelyHigh").orElseThrow().steps();
    List<String> memoryIds = memory.stream().map(StepSpec::getStepId).toList();
    assertThat(memory.get(memoryIds.indexOf("stop-all") - 1).getAction()).isEqualTo("approval");
  }

  @Test
  @DisplayName("the example's escalation matrix: P0 up to the director, P1 to the manager, P2 to the team lead")
  void exampleEscalation() {
    MaintenancePolicy policy = PolicyFixtures.example();
    assertThat(policy.escalation("P0")).containsExactly(
        new EscalationLevel("on-call", Duration.ZERO),
        new EscalationLevel("team-lead", Duration.ofMinutes(30)),
        new EscalationLevel("engineering-manager", Duration.ofHours(1)),
        new EscalationLevel("director", Duration.ofHours(2)));
    assertThat(policy.escalation("p1")).extracting(EscalationLevel::escalateTo).last().isEqualTo("engineering-manager");
    assertThat(policy.escalation("P2")).extracting(EscalationLevel::escalateTo).last().isEqualTo("team-lead");
    assertThat(policy.escalation("P7")).isEmpty();
    assertThat(policy.alertApprovals().count()).as("the gates hold the destructive steps").isZero();
  }

  @Test
  @DisplayName("a policy without the section maps no alert")
  void absent() {
    MaintenancePolicy policy = MaintenancePolicy.parse(HEAD, "plain.yaml");
    assertThat(policy.alertRunbooks()).isEmpty();
    assertThat(policy.escalation("P0")).isEmpty();
  }

  @Test
  @DisplayName("reports every problem with its field and line")
  void problems() {
    List<PolicyError> found = errors(
        """
        alerts:
          escalation:
            P9: [{after: 0m, notify: on-call}]
            P0:
              - {after: 30m, notify: on-call}
              - {after: 10m, notify: team-lead}
          runbooks:
            Broken:
              title: Broken
              severity: urgent
              environment: mars
              services: [x]
              duration: 1h
              steps:
                - {id: a, action: capture-http, timeout: 1m, compensation: {params: {x: y}}}
              verification:
                - {id: v, kind: graphite, comparator: less-than, threshold: 1}
                - {id: w, kind: http, comparator: less-than, threshold: x}
        """);
    assertThat(found).extracting(PolicyError::field).contains(
        "alerts.escalation.P9",
        "alerts.escalation.P0[1].after",
        "alerts.runbooks.Broken.severity",
        "alerts.runbooks.Broken.environment",
        "alerts.runbooks.Broken.steps[0].compensation.action",
        "alerts.runbooks.Broken.verification[0].kind",
        "alerts.runbooks.Broken.verification[1].url",
        "alerts.runbooks.Broken.verification[1].threshold");
    PolicyError severity = found.stream().filter(e -> e.field().endsWith("Broken.severity")).findFirst().orElseThrow();
    assertThat(severity.line()).isEqualTo(17);
    assertThat(severity.problem()).contains("P0, P1, P2 or P3");
  }

  @Test
  @DisplayName("runbooks need the emergency type they run as")
  void needsEmergencyType() {
    String yaml =
        """
        environments:
          production: {zone: UTC, anyTime: true}
        alerts:
          runbooks:
            A:
              title: A
              severity: P1
              environment: production
              services: [x]
              duration: 1h
              steps: [{id: a, action: noop, timeout: 1m}]
        """;
    assertThatThrownBy(() -> MaintenancePolicy.parse(yaml, "no-emergency.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("alerts.runbooks")
        .hasMessageContaining("emergency");
  }
}
