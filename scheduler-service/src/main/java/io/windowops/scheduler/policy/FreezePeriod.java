package io.windowops.scheduler.policy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

/**
 * A period in which no maintenance may run (deny over allow: it beats every slot), for the listed
 * environments (empty: all). Half-open {@code [start, end)}; {@code zone} is the zone its bounds
 * were written in, kept for messages.
 */
record FreezePeriod(
    String id, String name, Instant start, Instant end, ZoneId zone, Set<String> environments) {

  FreezePeriod {
    environments = Set.copyOf(environments);
  }

  boolean appliesTo(String environment) {
    return environments.isEmpty() || environments.contains(environment);
  }

  boolean overlaps(Instant from, Instant to) {
    return from.isBefore(end) && to.isAfter(start);
  }

  /** e.g. {@code december-2026 "December freeze" (2026-12-15T00:00Z – 2027-01-03T00:00Z)}. */
  String describe() {
    return id
        + " \""
        + name
        + "\" ("
        + start.atZone(zone).toLocalDateTime()
        + " – "
        + end.atZone(zone).toLocalDateTime()
        + " "
        + zone.getId()
        + ")";
  }
}
