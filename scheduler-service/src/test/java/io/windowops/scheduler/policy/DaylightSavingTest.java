package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.BRIEF_INTERRUPTION;
import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static io.windowops.scheduler.policy.PolicyFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Slots are wall-clock times in the environment's zone, checked with the real zone rules.
 * Europe/Berlin: clocks jump 02:00 → 03:00 on 2027-03-28 (CET +01 → CEST +02) and fall back 03:00 →
 * 02:00 on 2027-10-31. America/New_York: 02:00 → 03:00 on 2027-03-14, 02:00 → 01:00 on 2027-11-07.
 */
@DisplayName("Slots across daylight-saving changes")
class DaylightSavingTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.resource("dst.yaml");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static List<Violation> check(WindowPlan plan) {
    return POLICY.check(plan, List.of(), at("2027-01-01T00:00:00Z"));
  }

  @Nested
  @DisplayName("spring forward: a local time in the gap means the first valid instant after it")
  class SpringForward {

    @Test
    @DisplayName(
        "02:30 on the Berlin spring-forward day is 03:00 CEST, not java.time's shifted 03:30")
    void gapResolvesToTransition() {
      LocalDateTime inGap = LocalDateTime.parse("2027-03-28T02:30");

      assertThat(WallClock.resolve(inGap, BERLIN)).isEqualTo(at("2027-03-28T01:00:00Z"));
      assertThat(ZonedDateTime.of(inGap, BERLIN).toInstant())
          .as("ZonedDateTime.of shifts by the gap length; our rule deliberately differs")
          .isEqualTo(at("2027-03-28T01:30:00Z"));
    }

    @Test
    @DisplayName("the Berlin Sunday slot 02:30–04:00 runs 03:00–04:00 CEST that day")
    void berlinSlotShortened() {
      assertThat(
              check(
                  plan(
                      "berlin",
                      ZERO_DOWNTIME,
                      "2027-03-28T01:00:00Z",
                      "2027-03-28T02:00:00Z",
                      "api")))
          .isEmpty();
      assertThat(
              check(
                  plan(
                      "berlin",
                      ZERO_DOWNTIME,
                      "2027-03-28T00:55:00Z",
                      "2027-03-28T01:30:00Z",
                      "api")))
          .extracting(Violation::getCode, Violation::getField)
          .containsExactly(tuple("OUTSIDE_ALLOWED_SLOT", "requestedStart"));
      assertThat(
              check(
                  plan(
                      "berlin",
                      ZERO_DOWNTIME,
                      "2027-03-21T01:30:00Z",
                      "2027-03-21T03:00:00Z",
                      "api")))
          .as("a week earlier, in winter time, the slot is 01:30Z–03:00Z")
          .isEmpty();
    }

    @Test
    @DisplayName("the next allowed start on the spring-forward day is the transition instant")
    void searchFindsTransition() {
      assertThat(
              POLICY.nextAllowedStart(
                  "berlin",
                  List.of("api"),
                  ZERO_DOWNTIME,
                  Duration.ofMinutes(30),
                  at("2027-03-27T00:00:00Z"),
                  at("2027-03-20T00:00:00Z"),
                  List.of()))
          .contains(at("2027-03-28T01:00:00Z"));
    }

    @Test
    @DisplayName(
        "a slot wholly inside the gap (02:10–02:50) does not exist that day: the search skips a"
            + " week")
    void slotInsideGapIsEmpty() {
      assertThat(
              POLICY.nextAllowedStart(
                  "berlin",
                  List.of("api"),
                  BRIEF_INTERRUPTION,
                  Duration.ofMinutes(5),
                  at("2027-03-27T00:00:00Z"),
                  at("2027-03-20T00:00:00Z"),
                  List.of()))
          .contains(at("2027-04-04T00:10:00Z"));
    }

    @Test
    @DisplayName("New York slot 01:30–03:30 lasts one real hour on 2027-03-14: 06:30Z–07:30Z")
    void newYorkSpringForward() {
      assertThat(
              check(
                  plan(
                      "new-york",
                      ZERO_DOWNTIME,
                      "2027-03-14T06:30:00Z",
                      "2027-03-14T07:30:00Z",
                      "api")))
          .isEmpty();
      assertThat(
              check(
                  plan(
                      "new-york",
                      ZERO_DOWNTIME,
                      "2027-03-14T06:30:00Z",
                      "2027-03-14T07:31:00Z",
                      "api")))
          .extracting(Violation::getCode, Violation::getField)
          .containsExactly(tuple("OUTSIDE_ALLOWED_SLOT", "requestedEnd"));
    }
  }

  @Nested
  @DisplayName(
      "fall back: a local time that occurs twice means its first occurrence (earlier offset)")
  class FallBack {

    @Test
    @DisplayName("02:30 on the Berlin fall-back day is 02:30 CEST (00:30Z), not 02:30 CET (01:30Z)")
    void overlapResolvesToEarlierOffset() {
      assertThat(WallClock.resolve(LocalDateTime.parse("2027-10-31T02:30"), BERLIN))
          .isEqualTo(at("2027-10-31T00:30:00Z"));
    }

    @Test
    @DisplayName("the Berlin Sunday slot 02:30–04:00 lasts 2h30 real time that day: 00:30Z–03:00Z")
    void berlinSlotLengthened() {
      assertThat(
              check(
                  plan(
                      "berlin",
                      ZERO_DOWNTIME,
                      "2027-10-31T00:30:00Z",
                      "2027-10-31T03:00:00Z",
                      "api")))
          .isEmpty();
      assertThat(
              check(
                  plan(
                      "berlin",
                      ZERO_DOWNTIME,
                      "2027-10-31T00:29:00Z",
                      "2027-10-31T01:00:00Z",
                      "api")))
          .extracting(Violation::getCode)
          .containsExactly("OUTSIDE_ALLOWED_SLOT");
    }

    @Test
    @DisplayName("New York slot 01:30–03:30 lasts three real hours on 2027-11-07: 05:30Z–08:30Z")
    void newYorkFallBack() {
      assertThat(
              check(
                  plan(
                      "new-york",
                      ZERO_DOWNTIME,
                      "2027-11-07T05:30:00Z",
                      "2027-11-07T08:30:00Z",
                      "api")))
          .isEmpty();
    }
  }

  @Test
  @DisplayName(
      "a recurring 02:30 Berlin window follows the same rule through the spring-forward week")
  void recurringAcrossSpringForward() {
    assertThat(
            POLICY.preview(
                "berlin-cache-flush",
                at("2027-03-20T00:00:00Z"),
                3,
                at("2027-03-01T00:00:00Z"),
                List.of()))
        .extracting(
            o -> o.plan().windowId(), o -> o.plan().start(), o -> o.plan().end(), o -> o.allowed())
        .containsExactly(
            tuple(
                "berlin-cache-flush-2027-03-21",
                at("2027-03-21T01:30:00Z"),
                at("2027-03-21T01:50:00Z"),
                true),
            tuple(
                "berlin-cache-flush-2027-03-28",
                at("2027-03-28T01:00:00Z"),
                at("2027-03-28T01:20:00Z"),
                true),
            tuple(
                "berlin-cache-flush-2027-04-04",
                at("2027-04-04T00:30:00Z"),
                at("2027-04-04T00:50:00Z"),
                true));
  }
}
