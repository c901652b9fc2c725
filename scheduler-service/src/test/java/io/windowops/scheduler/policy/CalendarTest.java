package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.BRIEF_INTERRUPTION;
import static io.windowops.events.MaintenanceType.PLANNED_OUTAGE;
import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.scheduler.policy.CalendarEntry.Kind;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The calendar of allowed slots and freezes")
class CalendarTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.example();

  @Test
  @DisplayName("production's week lists each slot occurrence, the monthly one on the first Sunday")
  void productionWeek() {
    assertThat(
            POLICY.calendar("production", at("2026-11-29T00:00:00Z"), at("2026-12-07T00:00:00Z")))
        .extracting(
            CalendarEntry::kind, CalendarEntry::id, CalendarEntry::start, CalendarEntry::end)
        .containsExactly(
            tuple(
                Kind.SLOT,
                "primary-sunday",
                at("2026-11-29T02:00:00Z"),
                at("2026-11-29T06:00:00Z")),
            tuple(Kind.SLOT, "tuesday", at("2026-12-01T02:00:00Z"), at("2026-12-01T04:00:00Z")),
            tuple(
                Kind.SLOT,
                "secondary-wednesday",
                at("2026-12-02T02:00:00Z"),
                at("2026-12-02T04:00:00Z")),
            tuple(
                Kind.SLOT,
                "primary-sunday",
                at("2026-12-06T02:00:00Z"),
                at("2026-12-06T06:00:00Z")),
            tuple(
                Kind.SLOT,
                "extended-first-sunday",
                at("2026-12-06T02:00:00Z"),
                at("2026-12-06T08:00:00Z")));
  }

  @Test
  @DisplayName("a slot entry names the types it admits; a freeze entry shows the freeze")
  void typesAndFreeze() {
    List<CalendarEntry> entries =
        POLICY.calendar("production", at("2026-12-14T00:00:00Z"), at("2026-12-16T00:00:00Z"));

    assertThat(entries)
        .extracting(CalendarEntry::kind, CalendarEntry::id, CalendarEntry::types)
        .containsExactly(
            tuple(Kind.FREEZE, "december-2026", List.of()),
            tuple(
                Kind.SLOT, "tuesday", List.of(ZERO_DOWNTIME, BRIEF_INTERRUPTION, PLANNED_OUTAGE)));
    assertThat(entries.get(0).end()).isEqualTo(at("2027-01-03T00:00:00Z"));
  }

  @Test
  @DisplayName("development is open at any time; an unknown environment has no calendar")
  void anyTimeAndUnknown() {
    assertThat(
            POLICY.calendar("development", at("2026-12-14T00:00:00Z"), at("2026-12-16T00:00:00Z")))
        .extracting(CalendarEntry::kind)
        .containsExactly(Kind.ANY_TIME);
    assertThat(POLICY.calendar("prod", at("2026-12-14T00:00:00Z"), at("2026-12-16T00:00:00Z")))
        .isEmpty();
  }
}
