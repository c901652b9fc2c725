package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an environment's slot rules into concrete openings for a maintenance type: every slot
 * occurrence overlapping a range, whole (not clipped), with adjacent or overlapping occurrences
 * merged, so a window may span, say, a Monday 22:00–24:00 slot and a Tuesday 00:00–02:00 one.
 */
final class SlotCalendar {

  /** Slot occurrences are shorter than a day plus a DST shift; look this far back for them. */
  private static final int DAYS_BEFORE = 2;

  private SlotCalendar() {}

  static List<Opening> openings(
      EnvironmentRule env, MaintenanceType type, boolean anyTime, Instant from, Instant to) {
    if (anyTime || env.anyTime()) {
      return List.of(new Opening("any time", Instant.MIN, Instant.MAX));
    }
    List<Opening> occurrences = new ArrayList<>();
    for (Occurrence o : occurrences(env, from, to)) {
      if (o.slot().allows(type)) {
        occurrences.add(o.opening());
      }
    }
    return merge(occurrences);
  }

  /** One slot's occurrence on one day. */
  record Occurrence(SlotRule slot, Opening opening) {}

  /** Every slot occurrence overlapping {@code [from, to)}, by start; none for an any-time env. */
  static List<Occurrence> occurrences(EnvironmentRule env, Instant from, Instant to) {
    ZoneId zone = env.zone();
    LocalDate first = from.atZone(zone).toLocalDate().minusDays(DAYS_BEFORE);
    LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
    List<Occurrence> found = new ArrayList<>();
    for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
      for (SlotRule slot : env.slots()) {
        slot.on(date, zone)
            .filter(o -> o.start().isBefore(to) && o.end().isAfter(from))
            .ifPresent(o -> found.add(new Occurrence(slot, o)));
      }
    }
    found.sort(Comparator.comparing(o -> o.opening().start()));
    return found;
  }

  private static List<Opening> merge(List<Opening> sorted) {
    List<Opening> merged = new ArrayList<>();
    for (Opening next : sorted) {
      int lastIndex = merged.size() - 1;
      if (lastIndex >= 0 && !next.start().isAfter(merged.get(lastIndex).end())) {
        Opening last = merged.get(lastIndex);
        Instant end = next.end().isAfter(last.end()) ? next.end() : last.end();
        merged.set(lastIndex, new Opening(last.label() + " + " + next.label(), last.start(), end));
      } else {
        merged.add(next);
      }
    }
    return merged;
  }
}
