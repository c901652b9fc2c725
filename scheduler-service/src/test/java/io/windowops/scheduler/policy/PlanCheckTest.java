package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.BRIEF_INTERRUPTION;
import static io.windowops.events.MaintenanceType.EMERGENCY;
import static io.windowops.events.MaintenanceType.EXTENDED_OUTAGE;
import static io.windowops.events.MaintenanceType.PLANNED_OUTAGE;
import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static io.windowops.scheduler.policy.PolicyFixtures.plan;
import static io.windowops.scheduler.policy.PolicyFixtures.reservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The example policy's rules, checked on fixed dates. 2026-11-24 is a Tuesday, 2026-11-29 a Sunday,
 * 2026-12-06 the first Sunday of December; the freeze runs 2026-12-15 – 2027-01-02.
 */
@DisplayName("Checking a plan against the example policy")
class PlanCheckTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.example();

  /** Three weeks before the Tuesday slot: enough notice for every type but extended outages. */
  private static final Instant NOW = at("2026-11-03T09:00:00Z");

  private static List<Violation> check(WindowPlan plan, Reservation... others) {
    return POLICY.check(plan, List.of(others), NOW);
  }

  @Test
  @DisplayName("a planned outage inside the production Tuesday slot with a week's notice passes")
  void allowedPlanPasses() {
    assertThat(
            check(
                plan(
                    "production",
                    PLANNED_OUTAGE,
                    "2026-11-24T02:00:00Z",
                    "2026-11-24T04:00:00Z",
                    "payments")))
        .isEmpty();
  }

  @Test
  @DisplayName("staging Monday 18:00–20:00 and development at any time are allowed")
  void stagingAndDevelopment() {
    assertThat(
            check(
                plan(
                    "staging",
                    ZERO_DOWNTIME,
                    "2026-11-23T18:30:00Z",
                    "2026-11-23T19:30:00Z",
                    "api")))
        .isEmpty();
    assertThat(
            check(
                plan(
                    "development",
                    ZERO_DOWNTIME,
                    "2026-11-25T13:17:00Z",
                    "2026-11-25T14:00:00Z",
                    "api")))
        .isEmpty();
  }

  @Nested
  @DisplayName("allowed slots")
  class Slots {

    @Test
    @DisplayName(
        "a start outside every slot is OUTSIDE_ALLOWED_SLOT on requestedStart, listing the slots")
    void startOutside() {
      assertThat(
              check(
                  plan(
                      "production",
                      ZERO_DOWNTIME,
                      "2026-11-24T05:00:00Z",
                      "2026-11-24T05:30:00Z",
                      "api")))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("OUTSIDE_ALLOWED_SLOT"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("requestedStart"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .contains("Tue 2026-11-24 05:00 UTC")
                      .contains("tuesday (Tue 02:00–04:00 UTC)")
                      .contains("primary-sunday (Sun 02:00–06:00 UTC)")
                      .contains("extended-first-sunday (first Sun of the month 02:00–08:00 UTC)"));
    }

    @Test
    @DisplayName(
        "an end past the slot's close is OUTSIDE_ALLOWED_SLOT on requestedEnd, naming the slot")
    void endOutside() {
      assertThat(
              check(
                  plan(
                      "production",
                      ZERO_DOWNTIME,
                      "2026-11-24T03:00:00Z",
                      "2026-11-24T04:30:00Z",
                      "api")))
          .singleElement()
          .satisfies(v -> assertThat(v.getField()).isEqualTo("requestedEnd"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .contains("after the slot tuesday (Tue 02:00–04:00 UTC) closes"));
    }

    @Test
    @DisplayName(
        "an extended outage fits the first Sunday of the month 02:00–08:00 but no ordinary Sunday")
    void extendedOutageOnlyOnFirstSunday() {
      Instant longAgo = at("2026-10-01T00:00:00Z");
      WindowPlan firstSunday =
          plan("production", EXTENDED_OUTAGE, "2026-12-06T03:00:00Z", "2026-12-06T07:00:00Z", "db");
      WindowPlan ordinarySunday =
          plan("production", EXTENDED_OUTAGE, "2026-11-29T03:00:00Z", "2026-11-29T07:00:00Z", "db");

      assertThat(POLICY.check(firstSunday, List.of(), longAgo)).isEmpty();
      assertThat(POLICY.check(ordinarySunday, List.of(), longAgo))
          .extracting(Violation::getCode, Violation::getField)
          .containsExactly(tuple("OUTSIDE_ALLOWED_SLOT", "requestedStart"));
    }

    @Test
    @DisplayName("the secondary Wednesday slot takes a zero-downtime change but no outage")
    void slotRestrictedByType() {
      assertThat(
              check(
                  plan(
                      "production",
                      PLANNED_OUTAGE,
                      "2026-11-25T02:00:00Z",
                      "2026-11-25T03:00:00Z",
                      "db")))
          .extracting(Violation::getCode, Violation::getField)
          .containsExactly(tuple("OUTSIDE_ALLOWED_SLOT", "requestedStart"));
      assertThat(
              check(
                  plan(
                      "production",
                      ZERO_DOWNTIME,
                      "2026-11-25T02:00:00Z",
                      "2026-11-25T03:00:00Z",
                      "db")))
          .isEmpty();
    }

    @Test
    @DisplayName("an emergency may run outside every slot")
    void emergencyBypassesSlots() {
      assertThat(
              POLICY.check(
                  plan(
                      "production",
                      EMERGENCY,
                      "2026-11-25T14:00:00Z",
                      "2026-11-25T15:00:00Z",
                      "db"),
                  List.of(),
                  at("2026-11-25T13:55:00Z")))
          .isEmpty();
    }
  }

  @Nested
  @DisplayName("freezes")
  class Freezes {

    private final WindowPlan inFreeze =
        plan(
            "production",
            PLANNED_OUTAGE,
            "2026-12-22T02:00:00Z",
            "2026-12-22T03:00:00Z",
            "payments");

    @Test
    @DisplayName(
        "a plan in the December freeze is IN_FREEZE although it fits the Tuesday slot (deny over"
            + " allow)")
    void denyOverAllow() {
      assertThat(check(inFreeze))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("IN_FREEZE"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("requestedStart"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .contains(
                          "december-2026 \"December change freeze\" (2026-12-15T00:00 –"
                              + " 2027-01-03T00:00 UTC)"));
      assertThat(POLICY.inFreeze(inFreeze)).isTrue();
    }

    @Test
    @DisplayName("the freeze covers all of Jan 2 and ends at Jan 3 00:00")
    void inclusiveEndDate() {
      assertThat(
              POLICY.inFreeze(
                  plan(
                      "development",
                      ZERO_DOWNTIME,
                      "2027-01-02T23:00:00Z",
                      "2027-01-02T23:59:00Z",
                      "a")))
          .as("development is not frozen")
          .isFalse();
      assertThat(
              POLICY.inFreeze(
                  plan(
                      "staging",
                      ZERO_DOWNTIME,
                      "2027-01-02T23:00:00Z",
                      "2027-01-02T23:59:00Z",
                      "a")))
          .isTrue();
      assertThat(
              POLICY.inFreeze(
                  plan(
                      "staging",
                      ZERO_DOWNTIME,
                      "2027-01-03T00:00:00Z",
                      "2027-01-03T01:00:00Z",
                      "a")))
          .isFalse();
    }

    @Test
    @DisplayName(
        "an emergency in the freeze passes the check, needs the stricter approvals and yields an"
            + " override fact")
    void emergencyOverride() {
      WindowPlan emergency =
          plan("production", EMERGENCY, "2026-12-22T14:00:00Z", "2026-12-22T15:00:00Z", "payments");

      assertThat(POLICY.check(emergency, List.of(), at("2026-12-22T13:50:00Z"))).isEmpty();
      assertThat(POLICY.inFreeze(emergency)).isTrue();
      assertThat(POLICY.approvals(EMERGENCY, true))
          .isEqualTo(
              new WindowPolicy.ApprovalRule(
                  List.of("engineering-manager", "vp-engineering", "cto"), 3, true));
      assertThat(POLICY.freezeOverride(emergency))
          .contains(
              new FreezeOverride(
                  "w-new",
                  "december-2026",
                  "December change freeze",
                  at("2026-12-15T00:00:00Z"),
                  at("2027-01-03T00:00:00Z"),
                  POLICY.approvals(EMERGENCY, true)));
    }

    @Test
    @DisplayName("no override fact outside a freeze, nor for a type that may not override")
    void noOverrideFact() {
      assertThat(
              POLICY.freezeOverride(
                  plan(
                      "production",
                      EMERGENCY,
                      "2026-11-22T14:00:00Z",
                      "2026-11-22T15:00:00Z",
                      "payments")))
          .isEmpty();
      assertThat(POLICY.freezeOverride(inFreeze)).isEmpty();
    }
  }

  @Nested
  @DisplayName("conflicts and concurrency")
  class Conflicts {

    @Test
    @DisplayName(
        "an overlap on a shared service is a CONFLICT on services naming the window and the"
            + " service")
    void conflict() {
      assertThat(
              check(
                  plan(
                      "production",
                      ZERO_DOWNTIME,
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "payments",
                      "ledger"),
                  reservation(
                      "w-7",
                      "production",
                      "2026-11-24T02:30:00Z",
                      "2026-11-24T03:30:00Z",
                      "ledger")))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("CONFLICT"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("services"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .isEqualTo(
                          "overlaps window w-7 (2026-11-24T02:30:00Z – 2026-11-24T03:30:00Z) on"
                              + " ledger in production"));
    }

    @Test
    @DisplayName(
        "no conflict with another environment, other services, back-to-back windows, or the window"
            + " itself")
    void noConflict() {
      WindowPlan p =
          plan(
              "production",
              ZERO_DOWNTIME,
              "2026-11-24T02:00:00Z",
              "2026-11-24T03:00:00Z",
              "payments");

      assertThat(
              check(
                  p,
                  reservation(
                      "w-1", "staging", "2026-11-24T02:00:00Z", "2026-11-24T03:00:00Z", "payments"),
                  reservation(
                      "w-2",
                      "production",
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "search"),
                  reservation(
                      "w-3",
                      "production",
                      "2026-11-24T03:00:00Z",
                      "2026-11-24T04:00:00Z",
                      "payments"),
                  reservation(
                      "w-new",
                      "production",
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "payments")))
          .isEmpty();
    }

    @Test
    @DisplayName("a third window at once in production is over the CONCURRENCY_LIMIT of 2")
    void concurrencyLimit() {
      WindowPlan p =
          plan(
              "production",
              ZERO_DOWNTIME,
              "2026-11-24T02:00:00Z",
              "2026-11-24T04:00:00Z",
              "payments");

      assertThat(
              check(
                  p,
                  reservation(
                      "w-1",
                      "production",
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "search"),
                  reservation(
                      "w-2", "production", "2026-11-24T02:30:00Z", "2026-11-24T03:30:00Z", "mail")))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("CONCURRENCY_LIMIT"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("environment"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .isEqualTo(
                          "production allows at most 2 window(s) at once; already overlapping this"
                              + " one: w-1, w-2"));
    }

    @Test
    @DisplayName(
        "two others that overlap the plan but not each other leave room under a limit of 2")
    void concurrencyCountsPeakNotTotal() {
      WindowPlan p =
          plan(
              "production",
              ZERO_DOWNTIME,
              "2026-11-24T02:00:00Z",
              "2026-11-24T04:00:00Z",
              "payments");

      assertThat(
              check(
                  p,
                  reservation(
                      "w-1",
                      "production",
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "search"),
                  reservation(
                      "w-2", "production", "2026-11-24T03:00:00Z", "2026-11-24T04:00:00Z", "mail")))
          .isEmpty();
    }
  }

  @Nested
  @DisplayName("types")
  class Types {

    @Test
    @DisplayName("a brief interruption of 10 minutes is TOO_LONG on requestedEnd (max 5m)")
    void tooLong() {
      assertThat(
              check(
                  plan(
                      "production",
                      BRIEF_INTERRUPTION,
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T02:10:00Z",
                      "api")))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("TOO_LONG"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("requestedEnd"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .isEqualTo(
                          "the window lasts 10m, longer than the 5m a brief-interruption may"
                              + " last"));
    }

    @Test
    @DisplayName(
        "a planned outage 2 days ahead is INSUFFICIENT_NOTICE (7d), naming the earliest start")
    void insufficientNotice() {
      assertThat(
              POLICY.check(
                  plan(
                      "production",
                      PLANNED_OUTAGE,
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "api"),
                  List.of(),
                  at("2026-11-22T02:00:00Z")))
          .singleElement()
          .satisfies(v -> assertThat(v.getCode()).isEqualTo("INSUFFICIENT_NOTICE"))
          .satisfies(v -> assertThat(v.getField()).isEqualTo("requestedStart"))
          .satisfies(
              v ->
                  assertThat(v.getMessage())
                      .isEqualTo(
                          "a planned-outage needs 7d notice but the start is 2d away; the earliest"
                              + " start with enough notice is Sun 2026-11-29 02:00 UTC"
                              + " (2026-11-29T02:00:00Z)"));
    }

    @Test
    @DisplayName("exactly the required notice is enough")
    void exactNotice() {
      assertThat(
              POLICY.check(
                  plan(
                      "production",
                      ZERO_DOWNTIME,
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "api"),
                  List.of(),
                  at("2026-11-23T02:00:00Z")))
          .isEmpty();
    }

    @Test
    @DisplayName("an environment or type the policy does not know is named on its own field")
    void unknownEnvironmentAndType() {
      MaintenancePolicy devOnly =
          MaintenancePolicy.parse(
              """
              environments:
                development: {zone: UTC, anyTime: true}
              types:
                zero-downtime:
                  notices: {leadTimes: [1h]}
                  approvals: {roles: [team-lead]}
              """,
              "dev-only.yaml");

      assertThat(
              devOnly.check(
                  plan(
                      "prod",
                      PLANNED_OUTAGE,
                      "2026-11-24T02:00:00Z",
                      "2026-11-24T03:00:00Z",
                      "api"),
                  List.of(),
                  NOW))
          .extracting(Violation::getField, Violation::getCode, Violation::getMessage)
          .containsExactly(
              tuple(
                  "environment",
                  "UNKNOWN_ENVIRONMENT",
                  "environment 'prod' is not in the policy (known: development)"),
              tuple(
                  "maintenanceType",
                  "UNKNOWN_MAINTENANCE_TYPE",
                  "maintenance type planned-outage is not allowed by the policy"));
    }
  }

  @Test
  @DisplayName(
      "every reason is listed at once: slot, freeze, conflict, length, notice, concurrency")
  void everyReasonAtOnce() {
    // Wednesday 2026-12-16 05:00–08:00: outside slots, in the freeze, 3h > 2h, one day's notice.
    WindowPlan bad =
        plan(
            "production",
            PLANNED_OUTAGE,
            "2026-12-16T05:00:00Z",
            "2026-12-16T08:00:00Z",
            "payments");

    assertThat(
            POLICY.check(
                bad,
                List.of(
                    reservation(
                        "w-1",
                        "production",
                        "2026-12-16T05:00:00Z",
                        "2026-12-16T06:00:00Z",
                        "payments"),
                    reservation(
                        "w-2",
                        "production",
                        "2026-12-16T05:30:00Z",
                        "2026-12-16T06:30:00Z",
                        "search")),
                at("2026-12-15T05:00:00Z")))
        .extracting(Violation::getCode, Violation::getField)
        .containsExactlyInAnyOrder(
            tuple("OUTSIDE_ALLOWED_SLOT", "requestedStart"),
            tuple("IN_FREEZE", "requestedStart"),
            tuple("CONFLICT", "services"),
            tuple("CONCURRENCY_LIMIT", "environment"),
            tuple("TOO_LONG", "requestedEnd"),
            tuple("INSUFFICIENT_NOTICE", "requestedStart"));
  }

  @Test
  @DisplayName("an end before the start, no services and a start long past are each reported")
  void malformedPlan() {
    WindowPlan bad =
        new WindowPlan(
            "w-x",
            "development",
            List.of(),
            ZERO_DOWNTIME,
            at("2026-11-20T10:00:00Z"),
            at("2026-11-20T09:00:00Z"),
            "bob");

    assertThat(POLICY.check(bad, List.of(), NOW.plusSeconds(30L * 86_400)))
        .extracting(Violation::getCode, Violation::getField)
        .containsExactlyInAnyOrder(
            tuple("MISSING_SERVICES", "services"),
            tuple("INVALID_RANGE", "requestedEnd"),
            tuple("START_IN_PAST", "requestedStart"),
            tuple("INSUFFICIENT_NOTICE", "requestedStart"));
  }

  @Test
  @DisplayName("a start within the late-start grace is not START_IN_PAST")
  void startWithinGrace() {
    WindowPlan p =
        plan("production", EMERGENCY, "2026-11-25T14:00:00Z", "2026-11-25T15:00:00Z", "db");

    assertThat(POLICY.check(p, List.of(), at("2026-11-25T14:14:59Z"))).isEmpty();
    assertThat(POLICY.check(p, List.of(), at("2026-11-25T14:15:01Z")))
        .extracting(Violation::getCode)
        .containsExactly("START_IN_PAST");
  }
}
