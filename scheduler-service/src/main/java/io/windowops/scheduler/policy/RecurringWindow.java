package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import io.windowops.events.StepSpec;
import java.util.List;

/**
 * A window that comes back on a schedule, e.g. "weekly backup verification, Sunday 03:00 UTC": on
 * the dates of {@code days}, at the local time {@code at} in {@code zone} (DST per {@link
 * WallClock}), for {@code duration}.
 */
record RecurringWindow(
    String id,
    String title,
    String environment,
    List<String> services,
    MaintenanceType type,
    DayRule days,
    LocalTime at,
    ZoneId zone,
    Duration duration,
    String requester,
    List<StepSpec> steps) {

  RecurringWindow {
    services = List.copyOf(services);
    steps = List.copyOf(steps);
  }
}
