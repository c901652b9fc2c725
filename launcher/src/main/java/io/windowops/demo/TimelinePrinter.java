package io.windowops.demo;

import io.windowops.audit.Range;
import io.windowops.audit.TimelineReader;
import io.windowops.audit.TimelineReader.Entry;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Prints a window's timeline as {@code windowops audit} rebuilds it from the Kafka topics, one
 * line per event: when, topic, event, who, and the event's gist.
 */
final class TimelinePrinter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final TimelineReader reader;
  private final PrintWriter out;

  TimelinePrinter(TimelineReader reader, PrintWriter out) {
    this.reader = reader;
    this.out = out;
  }

  /** Prints the timeline and returns it. */
  List<Entry> print(String windowId) {
    List<Entry> timeline = reader.timeline(windowId, Range.ALL);
    out.println();
    out.println("Timeline of " + windowId + " from the Kafka topics (" + timeline.size()
        + " events; all fields: windowops audit " + windowId + ")");
    for (Entry e : timeline) {
      out.printf(Locale.ROOT, "  %s  %-18s %-22s %-14s %s%n",
          TIME.format(e.metadata().getOccurredAt()), shortTopic(e.topic()), e.type(), e.metadata().getActor(),
          EventSummary.of(e.payload().toString()));
    }
    out.flush();
    return timeline;
  }

  /** {@code windowops.step-results.v1} → {@code step-results}. */
  static String shortTopic(String topic) {
    return topic.replaceFirst("^windowops\\.", "").replaceFirst("\\.v[0-9]+$", "");
  }
}
