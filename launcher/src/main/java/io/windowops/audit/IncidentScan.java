package io.windowops.audit;

import io.windowops.events.WindowScheduled;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.scheduler.review.IncidentWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows scheduled around a time, read from every partition of the windows topic (each
 * window as its latest {@code WindowScheduled} says): the candidates a review checks for
 * incidents. Read-only, like the audit: no consumer group, nothing committed.
 */
public final class IncidentScan {

  /** How far before the reviewed window's start an incident may have been scheduled. */
  static final Duration LOOK_BACK = Duration.ofDays(1);

  private final TimelineReader reader;

  public IncidentScan(WindowOpsConfig config) {
    this.reader = new TimelineReader(config);
  }

  /** Windows scheduled from {@code LOOK_BACK} before {@code from} to the end of the topic. */
  public List<IncidentWindow> scheduledAround(Instant from) {
    Map<String, IncidentWindow> windows = new LinkedHashMap<>();
    reader.windowFacts(
        from.minus(LOOK_BACK),
        e -> {
          if (e.payload() instanceof WindowScheduled s) {
            String id = e.metadata().getWindowId();
            windows.put(
                id,
                new IncidentWindow(
                    id,
                    s.getSummary().getTitle(),
                    s.getSummary().getMaintenanceType(),
                    s.getSummary().getEnvironment(),
                    List.copyOf(s.getSummary().getServices()),
                    s.getScheduledStart(),
                    s.getScheduledEnd()));
          }
        });
    return List.copyOf(windows.values());
  }
}
