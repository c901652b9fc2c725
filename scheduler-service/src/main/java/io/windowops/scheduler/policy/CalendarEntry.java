package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.Instant;
import java.util.List;

/**
 * One entry of an environment's calendar ({@code GET /calendar}): an allowed slot occurrence or a
 * freeze, as concrete instants. {@code types} are the maintenance types a slot admits (empty: all;
 * always empty for a freeze, which bars every type but an emergency override).
 */
public record CalendarEntry(
    String environment,
    Kind kind,
    String id,
    String description,
    Instant start,
    Instant end,
    List<MaintenanceType> types) {

  public CalendarEntry {
    types = List.copyOf(types);
  }

  /** What the entry is. */
  public enum Kind {
    /** An environment open at any time: one entry covering the asked range. */
    ANY_TIME,
    SLOT,
    FREEZE
  }
}
