package io.windowops.scheduler.saga;

import io.windowops.events.MaintenanceRequested;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The labels that mark a window as opened by an alert: they relax the window-level approvals (the
 * runbook's gates hold its destructive steps) and drive the escalation matrix. Over REST only the
 * Alertmanager webhook sets them (the API refuses labels under {@link #PREFIX} in a window
 * request); a writer of {@code windowops.requests.v1} is trusted like the API itself, as it can
 * already write any approval, so access to that topic must be restricted (Kafka ACLs).
 */
public final class AlertLabels {

  /** Reserved label prefix. */
  public static final String PREFIX = "alert.";
  public static final String NAME = PREFIX + "name";
  public static final String FINGERPRINT = PREFIX + "fingerprint";
  /** ISO-8601 instant at which Alertmanager says the alert started firing. */
  public static final String STARTS_AT = PREFIX + "startsAt";
  /** P0..P3: the alert's own severity label if it names one, else the runbook's. */
  public static final String SEVERITY = PREFIX + "severity";

  private AlertLabels() {}

  public static boolean triggered(MaintenanceRequested r) {
    return r != null && r.getLabels().containsKey(NAME) && r.getLabels().containsKey(FINGERPRINT);
  }

  /** When the alert started; null for a window no alert opened (or an unreadable time). */
  static Instant startedAt(MaintenanceRequested r) {
    if (!triggered(r)) {
      return null;
    }
    try {
      return Instant.parse(r.getLabels().getOrDefault(STARTS_AT, ""));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String get(MaintenanceRequested r, String label) {
    Map<String, String> labels = r.getLabels();
    return labels.get(label);
  }
}
