package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * An allowed slot of an environment: on the dates of {@code days}, from the local {@code start} to
 * the local {@code end} (the next day when {@code endsNextDay}, e.g. 22:00–02:00 or an end of
 * 24:00), in the environment's zone. Only the listed {@code types} may use it (empty: all types).
 */
record SlotRule(
    String id,
    DayRule days,
    LocalTime start,
    LocalTime end,
    boolean endsNextDay,
    Set<MaintenanceType> types) {

  SlotRule {
    types = Set.copyOf(types);
  }

  boolean allows(MaintenanceType type) {
    return types.isEmpty() || (type != null && types.contains(type));
  }

  /** The slot's occurrence beginning on {@code date}, if any; DST per {@link WallClock}. */
  Optional<Opening> on(LocalDate date, ZoneId zone) {
    if (!days.matches(date)) {
      return Optional.empty();
    }
    Instant from = WallClock.resolve(date.atTime(start), zone);
    Instant to = WallClock.resolve((endsNextDay ? date.plusDays(1) : date).atTime(end), zone);
    // A slot lying wholly inside a spring-forward gap has no wall-clock time that day.
    return to.isAfter(from) ? Optional.of(new Opening(describe(zone), from, to)) : Optional.empty();
  }

  /** e.g. {@code tuesday (Tue 02:00–04:00 UTC)}. */
  String describe(ZoneId zone) {
    String endText = endsNextDay && end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString();
    return id + " (" + days.describe() + " " + start + "–" + endText + " " + zone.getId() + ")";
  }
}
