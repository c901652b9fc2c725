package io.windowops.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.MaintenanceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Loading a policy file")
class PolicyLoaderTest {

  private static List<PolicyError> errorsOf(String resource) {
    Path path = PolicyFixtures.resourcePath(resource);
    try {
      MaintenancePolicy.load(path);
    } catch (PolicyException e) {
      assertThat(e.errors())
          .allSatisfy(error -> assertThat(error.file()).isEqualTo(path.toString()));
      return e.errors();
    }
    throw new AssertionError(resource + " loaded although it is broken");
  }

  @Test
  @DisplayName("the shipped example loads with its environments, types and recurring window")
  void exampleLoads() {
    MaintenancePolicy policy = PolicyFixtures.example();

    assertThat(policy.environments())
        .containsExactlyInAnyOrder("production", "staging", "development");
    assertThat(policy.recurringWindows()).containsExactly("weekly-backup-verification");
    assertThat(policy.lateStartGrace("production")).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.lateStartGrace("development")).isEqualTo(Duration.ofHours(1));
    assertThat(policy.stepCutoff(MaintenanceType.BRIEF_INTERRUPTION))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.stepCutoff(MaintenanceType.PLANNED_OUTAGE)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  @DisplayName("the progress interval comes from the type, else the defaults, else 15 minutes")
  void progressInterval() {
    MaintenancePolicy example = PolicyFixtures.example();
    assertThat(example.progressInterval(MaintenanceType.EMERGENCY)).isEqualTo(Duration.ofMinutes(5));
    assertThat(example.progressInterval(MaintenanceType.PLANNED_OUTAGE))
        .isEqualTo(Duration.ofMinutes(15));
    String minimal =
        """
        defaults:
          progressInterval: 20m
        environments:
          development: {zone: UTC, anyTime: true}
        types:
          planned-outage:
            notices: {leadTimes: [24h]}
            approvals: {roles: [vp]}
          zero-downtime:
            progressInterval: 2m
            notices: {leadTimes: [24h]}
            approvals: {roles: [lead]}
        """;
    MaintenancePolicy policy = MaintenancePolicy.parse(minimal, "minimal.yaml");
    assertThat(policy.progressInterval(MaintenanceType.PLANNED_OUTAGE))
        .isEqualTo(Duration.ofMinutes(20));
    assertThat(policy.progressInterval(MaintenanceType.ZERO_DOWNTIME))
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(policy.progressInterval(MaintenanceType.EMERGENCY)).isEqualTo(Duration.ofMinutes(20));
    String noDefaults = minimal.replace("defaults:\n  progressInterval: 20m\n", "");
    assertThat(MaintenancePolicy.parse(noDefaults, "plain.yaml").progressInterval(MaintenanceType.PLANNED_OUTAGE))
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  @DisplayName("a progress interval of zero is an error naming its field")
  void progressIntervalZero() {
    String yaml =
        """
        environments:
          development: {zone: UTC, anyTime: true}
        types:
          planned-outage:
            progressInterval: 0m
            notices: {leadTimes: [24h]}
            approvals: {roles: [vp]}
        """;
    assertThatThrownBy(() -> MaintenancePolicy.parse(yaml, "zero.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors())
                    .extracting(PolicyError::line, PolicyError::field)
                    .containsExactly(tuple(5, "types.planned-outage.progressInterval")));
  }

  @Test
  @DisplayName("bad values are all reported, each with its line, column and field path")
  void badValuesAllReported() {
    assertThat(errorsOf("broken-values.yaml"))
        .extracting(PolicyError::line, PolicyError::field)
        .containsExactlyInAnyOrder(
            tuple(3, "environments.production.zone"),
            tuple(6, "environments.production.slots[0].days[1]"),
            tuple(7, "environments.production.slots[0].start"),
            tuple(9, "environments.production.slots[0].tyeps"),
            tuple(12, "types.planned-outage.maxDuration"),
            tuple(17, "types.planned-outage.approvals.count"),
            tuple(18, "types.sabbatical"),
            tuple(26, "freezes[0].end"),
            tuple(27, "freezes[0].environments"));
  }

  @Test
  @DisplayName("each problem says what is wrong and what was expected")
  void problemsAreExplained() {
    List<PolicyError> errors = errorsOf("broken-values.yaml");

    assertThat(errors)
        .extracting(PolicyError::problem)
        .contains(
            "'Europe/Berlinn' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)",
            "'Funday' is not a day of the week (e.g. SUNDAY)",
            "'25:00' is not a time of day (HH:mm, e.g. 02:30)",
            "the freeze ends before it starts",
            "'prod' is not a declared environment");
    assertThat(errors.stream().filter(e -> e.field().endsWith("tyeps")).findFirst().orElseThrow())
        .satisfies(e -> assertThat(e.problem()).startsWith("unknown key (expected one of id, days"))
        .satisfies(e -> assertThat(e.column()).isEqualTo(9));
    assertThat(
            errors.stream()
                .filter(e -> e.field().endsWith("days[1]"))
                .findFirst()
                .orElseThrow()
                .column())
        .isEqualTo(25);
  }

  @Test
  @DisplayName("problems come in file order, so they can be fixed top to bottom")
  void fileOrder() {
    assertThat(errorsOf("broken-values.yaml")).extracting(PolicyError::line).isSorted();
    assertThat(errorsOf("broken-references.yaml")).extracting(PolicyError::line).isSorted();
  }

  @Test
  @DisplayName("the exception message lists every problem as file:line:column: field: problem")
  void messageListsEveryProblem() {
    Path path = PolicyFixtures.resourcePath("broken-values.yaml");

    assertThatThrownBy(() -> MaintenancePolicy.load(path))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("9 problem(s) in the maintenance policy:")
        .hasMessageContaining(path + ":7:16: environments.production.slots[0].start: '25:00'");
  }

  @Test
  @DisplayName(
      "broken structure: duplicate keys, missing or contradictory slot rules, wrong shapes")
  void brokenStructure() {
    assertThat(errorsOf("broken-structure.yaml"))
        .extracting(PolicyError::line, PolicyError::field)
        .containsExactlyInAnyOrder(
            tuple(3, "defaults.lateStartGrace"),
            tuple(8, "environments.staging.slots"),
            tuple(16, "environments.production.slots[0].days"),
            tuple(18, "environments.production.slots[0].end"),
            tuple(21, "environments.production.slots[1].monthly"),
            tuple(24, "environments.qa.slots"),
            tuple(28, "types.zero-downtime.notices"),
            tuple(27, "types.zero-downtime.approvals"));
  }

  @Test
  @DisplayName("broken references: undeclared environment or type, overrides, over-long recurring")
  void brokenReferences() {
    assertThat(errorsOf("broken-references.yaml"))
        .extracting(PolicyError::line, PolicyError::field, PolicyError::problem)
        .containsExactlyInAnyOrder(
            tuple(
                6,
                "environments.production.slots[0].monthly",
                "'fifth' is not one of first, second, third, fourth, last"),
            tuple(
                16,
                "types.planned-outage.freezeOverride",
                "only the emergency type may override a freeze"),
            tuple(
                27,
                "types.emergency.freezeOverride.approvals",
                "a freeze override must demand more approvals than the type's own (2)"),
            tuple(33, "recurring[0].environment", "'prodution' is not a declared environment"),
            tuple(35, "recurring[0].type", "zero-downtime is not declared under types"),
            tuple(
                49, "recurring[1].duration", "3h is longer than the 2h a planned-outage may last"),
            tuple(42, "recurring[1].requester", "is required"),
            tuple(42, "recurring[1].steps", "is required: the catalog actions every occurrence runs"));
  }

  @Test
  @DisplayName("a YAML syntax error names the line where the parser gave up")
  void syntaxError() {
    assertThat(errorsOf("broken-syntax.yaml"))
        .singleElement()
        .satisfies(e -> assertThat(e.line()).isEqualTo(7))
        .satisfies(e -> assertThat(e.problem()).startsWith("not valid YAML"))
        .satisfies(
            e ->
                assertThat(e.toString())
                    .endsWith(
                        "broken-syntax.yaml:7:14: not valid YAML: expected ',' or ']', but got :"));
  }

  @Test
  @DisplayName("an empty file, a file that is not a mapping and a missing file are refused")
  void emptyOrMissing() {
    assertThatThrownBy(() -> MaintenancePolicy.parse("", "empty.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors())
                    .extracting(PolicyError::problem)
                    .containsExactly("the file is empty"));
    assertThatThrownBy(() -> MaintenancePolicy.parse("- a\n- b\n", "list.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.errors())
                    .extracting(PolicyError::line, PolicyError::problem)
                    .containsExactly(tuple(1, "must be a mapping of keys to values")));
    assertThatThrownBy(() -> MaintenancePolicy.load(Path.of("no", "such", "policies.yaml")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("cannot read the file");
  }

  @Test
  @DisplayName("an unquoted 18:00 stays a time of day, not YAML 1.1's sexagesimal 1080")
  void unquotedTimes() {
    MaintenancePolicy policy =
        MaintenancePolicy.parse(
            """
            environments:
              staging:
                zone: UTC
                slots:
                  - {id: evening, days: [MONDAY], start: 18:00, end: 20:00}
            types:
              zero-downtime:
                notices: {leadTimes: [24h]}
                approvals: {roles: [team-lead]}
            """,
            "inline.yaml");

    assertThat(
            policy.check(
                PolicyFixtures.plan(
                    "staging",
                    MaintenanceType.ZERO_DOWNTIME,
                    "2026-11-30T18:00:00Z",
                    "2026-11-30T20:00:00Z",
                    "api"),
                List.of(),
                PolicyFixtures.at("2026-11-20T00:00:00Z")))
        .isEmpty();
  }
}
