package io.windowops.scheduler.review;

import io.windowops.events.MaintenanceType;
import java.time.Instant;
import java.util.List;

/** Another window that may have been an incident during the reviewed one. */
public record IncidentWindow(
    String windowId,
    String title,
    MaintenanceType type,
    String environment,
    List<String> services,
    Instant start,
    Instant end) {

  /**
   * An emergency on the same environment and a shared service whose time overlaps {@code [from,
   * to)}: what the review counts as an incident during the window.
   */
  boolean isIncidentDuring(String environment, List<String> services, Instant from, Instant to) {
    return type == MaintenanceType.EMERGENCY
        && this.environment.equals(environment)
        && this.services.stream().anyMatch(services::contains)
        && start != null
        && end != null
        && start.isBefore(to)
        && end.isAfter(from);
  }
}
