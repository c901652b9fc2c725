package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static io.windowops.scheduler.policy.PolicyFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 2026-11-23 is a Monday, 2026-11-27 a Friday. */
@DisplayName("Slots around midnight")
class SlotMergingTest {

  private static final MaintenancePolicy POLICY =
      MaintenancePolicy.parse(
          """
          environments:
            ops:
              zone: UTC
              slots:
                - {id: monday-late, days: [MONDAY], start: "22:00", end: "24:00"}
                - {id: tuesday-early, days: [TUESDAY], start: "00:00", end: "02:00"}
                - {id: friday-night, days: [FRIDAY], start: "23:00", end: "01:00"}
          types:
            zero-downtime:
              notices: {leadTimes: [1h]}
              approvals: {roles: [team-lead]}
          """,
          "midnight.yaml");

  private static List<Violation> check(WindowPlan plan) {
    return POLICY.check(plan, List.of(), at("2026-11-01T00:00:00Z"));
  }

  @Test
  @DisplayName("a window may run from a 22:00–24:00 slot into the next day's 00:00–02:00 slot")
  void adjacentSlotsMerge() {
    assertThat(
            check(plan("ops", ZERO_DOWNTIME, "2026-11-23T23:00:00Z", "2026-11-24T01:00:00Z", "a")))
        .isEmpty();
    assertThat(
            POLICY.nextAllowedStart(
                "ops",
                List.of("a"),
                ZERO_DOWNTIME,
                Duration.ofHours(4),
                at("2026-11-23T00:00:00Z"),
                at("2026-11-01T00:00:00Z"),
                List.of()))
        .contains(at("2026-11-23T22:00:00Z"));
  }

  @Test
  @DisplayName("a slot whose end is before its start runs past midnight, and no further")
  void overnightSlot() {
    assertThat(
            check(plan("ops", ZERO_DOWNTIME, "2026-11-27T23:30:00Z", "2026-11-28T00:30:00Z", "a")))
        .isEmpty();
    assertThat(
            check(plan("ops", ZERO_DOWNTIME, "2026-11-28T00:30:00Z", "2026-11-28T01:30:00Z", "a")))
        .extracting(Violation::getCode, Violation::getField)
        .containsExactly(tuple("OUTSIDE_ALLOWED_SLOT", "requestedEnd"));
  }

  @Test
  @DisplayName("a plan without a type is UNKNOWN_MAINTENANCE_TYPE and still gets its slot checked")
  void planWithoutType() {
    WindowPlan untyped =
        new WindowPlan(
            "w-1",
            "ops",
            List.of("a"),
            null,
            at("2026-11-25T12:00:00Z"),
            at("2026-11-25T13:00:00Z"),
            "bob");

    assertThat(check(untyped))
        .extracting(Violation::getCode)
        .containsExactly("UNKNOWN_MAINTENANCE_TYPE", "OUTSIDE_ALLOWED_SLOT");
  }
}
