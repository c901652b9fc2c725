package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.EMERGENCY;
import static io.windowops.events.MaintenanceType.EXTENDED_OUTAGE;
import static io.windowops.events.MaintenanceType.PLANNED_OUTAGE;
import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static io.windowops.scheduler.policy.PolicyFixtures.reservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Searching the next allowed start in the example policy")
class NextAllowedStartTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.example();
  private static final Instant NOW = at("2026-11-01T00:00:00Z");

  /** Searches, and checks that the plan at the found start passes {@code check} as promised. */
  private static Optional<Instant> search(
      MaintenanceType type,
      Duration duration,
      String earliest,
      Instant now,
      Reservation... others) {
    Optional<Instant> found =
        POLICY.nextAllowedStart(
            "production", List.of("payments"), type, duration, at(earliest), now, List.of(others));
    found.ifPresent(
        start ->
            assertThat(
                    POLICY.check(
                        new WindowPlan(
                            "w-new",
                            "production",
                            List.of("payments"),
                            type,
                            start,
                            start.plus(duration),
                            "alice"),
                        List.of(others),
                        now))
                .as("the found start %s passes the check", start)
                .isEmpty());
    return found;
  }

  @Test
  @DisplayName("a planned outage from Tuesday midnight starts when the Tuesday slot opens")
  void slotOpening() {
    assertThat(search(PLANNED_OUTAGE, Duration.ofHours(1), "2026-11-24T00:00:00Z", NOW))
        .contains(at("2026-11-24T02:00:00Z"));
  }

  @Test
  @DisplayName("when the rest of a slot is too short, the next slot is taken (Wednesday secondary)")
  void restOfSlotTooShort() {
    assertThat(search(ZERO_DOWNTIME, Duration.ofHours(1), "2026-11-24T03:30:00Z", NOW))
        .contains(at("2026-11-25T02:00:00Z"));
  }

  @Test
  @DisplayName(
      "the notice lead time moves the search: 7 days from Friday the 20th is Sunday the 29th")
  void noticeMovesSearch() {
    Instant now = at("2026-11-20T00:00:00Z");
    assertThat(search(PLANNED_OUTAGE, Duration.ofHours(1), "2026-11-20T00:00:00Z", now))
        .contains(at("2026-11-29T02:00:00Z"));
  }

  @Test
  @DisplayName("the December freeze is skipped: the first start after it is Sunday Jan 3, 02:00")
  void skipsFreeze() {
    assertThat(search(PLANNED_OUTAGE, Duration.ofHours(1), "2026-12-14T00:00:00Z", NOW))
        .contains(at("2027-01-03T02:00:00Z"));
  }

  @Test
  @DisplayName("a conflicting window on the same service is waited out within the slot")
  void skipsConflict() {
    assertThat(
            search(
                ZERO_DOWNTIME,
                Duration.ofHours(1),
                "2026-11-24T02:00:00Z",
                NOW,
                reservation(
                    "w-1",
                    "production",
                    "2026-11-24T02:00:00Z",
                    "2026-11-24T02:45:00Z",
                    "payments")))
        .contains(at("2026-11-24T02:45:00Z"));
  }

  @Test
  @DisplayName("a conflict that leaves too little of the slot pushes the start to the next slot")
  void conflictPushesToNextSlot() {
    assertThat(
            search(
                ZERO_DOWNTIME,
                Duration.ofHours(1),
                "2026-11-24T02:00:00Z",
                NOW,
                reservation(
                    "w-1",
                    "production",
                    "2026-11-24T01:00:00Z",
                    "2026-11-24T03:30:00Z",
                    "payments")))
        .contains(at("2026-11-25T02:00:00Z"));
  }

  @Test
  @DisplayName("the concurrency limit waits until one of the running windows ends")
  void waitsForConcurrency() {
    assertThat(
            search(
                ZERO_DOWNTIME,
                Duration.ofHours(1),
                "2026-11-24T02:00:00Z",
                NOW,
                reservation(
                    "w-1", "production", "2026-11-24T02:00:00Z", "2026-11-24T03:00:00Z", "search"),
                reservation(
                    "w-2", "production", "2026-11-24T01:30:00Z", "2026-11-24T02:30:00Z", "mail")))
        .contains(at("2026-11-24T02:30:00Z"));
  }

  @Test
  @DisplayName("an extended outage waits for the next first Sunday of the month")
  void extendedOutage() {
    assertThat(
            search(
                EXTENDED_OUTAGE,
                Duration.ofHours(4),
                "2026-11-02T00:00:00Z",
                at("2026-10-01T00:00:00Z")))
        .contains(at("2026-12-06T02:00:00Z"));
  }

  @Test
  @DisplayName("an emergency starts right away, even in the freeze")
  void emergencyNow() {
    Instant now = at("2026-12-20T10:00:00Z");
    assertThat(search(EMERGENCY, Duration.ofHours(1), "2026-12-20T10:00:00Z", now)).contains(now);
  }

  @Test
  @DisplayName("nothing is found for a duration over the type's maximum or an unknown environment")
  void nothingFound() {
    assertThat(search(PLANNED_OUTAGE, Duration.ofHours(3), "2026-11-24T00:00:00Z", NOW)).isEmpty();
    assertThat(
            POLICY.nextAllowedStart(
                "prod",
                List.of("payments"),
                ZERO_DOWNTIME,
                Duration.ofHours(1),
                NOW,
                NOW,
                List.of()))
        .isEmpty();
  }

  @Test
  @DisplayName("nothing is found when every slot for a year is taken")
  void nothingWithinAYear() {
    assertThat(
            search(
                ZERO_DOWNTIME,
                Duration.ofHours(1),
                "2026-11-24T00:00:00Z",
                NOW,
                reservation(
                    "w-forever",
                    "production",
                    "2026-11-01T00:00:00Z",
                    "2028-01-01T00:00:00Z",
                    "payments")))
        .isEmpty();
  }
}
