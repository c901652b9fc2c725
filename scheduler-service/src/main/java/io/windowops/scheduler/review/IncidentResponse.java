package io.windowops.scheduler.review;

import io.windowops.events.AlertResolutionRecorded;
import io.windowops.events.GateDecided;
import io.windowops.events.IncidentEscalated;
import io.windowops.events.WindowSummary;
import io.windowops.scheduler.saga.AlertLabels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The post-incident part of the review of a window an alert opened: the alert, when it was
 * reported resolved, and in order every escalation made and every go/no-go decision, each with
 * its time, taken from the facts on the windows topic.
 */
public record IncidentResponse(
    String alertname,
    String severity,
    Instant alertStartedAt,
    Instant alertResolvedAt,
    List<Entry> timeline) {

  public IncidentResponse {
    timeline = List.copyOf(timeline);
  }

  /** One escalation ({@code kind} ESCALATION) or gate decision ({@code GO} / {@code NO_GO}). */
  public record Entry(Instant at, String kind, String what) {}

  /** The incident part, or null for a window no alert opened. */
  static IncidentResponse of(WindowSummary summary, List<Fact> facts) {
    Map<String, String> labels = summary.getLabels();
    if (!labels.containsKey(AlertLabels.NAME)) {
      return null;
    }
    Instant resolved = null;
    List<Entry> timeline = new ArrayList<>();
    for (Fact fact : facts) {
      Object p = fact.payload();
      if (p instanceof IncidentEscalated e) {
        timeline.add(new Entry(fact.at(), "ESCALATION",
            e.getSeverity() + " level " + e.getLevel() + " after " + e.getAfter() + ": " + e.getEscalateTo()
                + " notified (window " + e.getStatus() + ")"));
      } else if (p instanceof GateDecided g) {
        timeline.add(new Entry(fact.at(), g.getGo() ? "GO" : "NO_GO",
            (g.getGo() ? "go" : "no-go") + " at " + g.getStepId() + " by " + g.getDecidedBy() + " (" + g.getRole() + ")"
                + (g.getComment() == null ? "" : ": " + g.getComment())
                + (g.getGo() && g.getReleased() ? "; gate released" : "")));
      } else if (p instanceof AlertResolutionRecorded r && resolved == null) {
        resolved = fact.at();
      }
    }
    return new IncidentResponse(labels.get(AlertLabels.NAME), labels.get(AlertLabels.SEVERITY),
        instant(labels.get(AlertLabels.STARTS_AT)), resolved, timeline);
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
