package io.windowops.notifier.board;

import java.time.Instant;

/** What the status page shows of one window. {@code sequence} counts reschedules (iCal SEQUENCE). */
public record BoardEntry(
    String windowId,
    String title,
    String environment,
    String services,
    String maintenanceType,
    String impact,
    String status,
    Instant scheduledStart,
    Instant scheduledEnd,
    Instant openedAt,
    Instant closedAt,
    int sequence,
    Instant updatedAt) {

  public boolean cancelled() {
    return "CANCELLED".equals(status);
  }

  BoardEntry withStatus(String s, Instant at) {
    return new BoardEntry(windowId, title, environment, services, maintenanceType, impact, s, scheduledStart, scheduledEnd, openedAt, closedAt, sequence, at);
  }
}
