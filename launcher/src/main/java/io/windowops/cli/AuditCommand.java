package io.windowops.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.audit.TimelineReader;
import io.windowops.audit.TimelineReader.Entry;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    description = {
      "Prints one window's timeline rebuilt from the Kafka topics alone: requests and who made"
          + " them, approvals, notices, each step attempt and its outcome, every validation"
          + " measurement, compensations and the final state. Read-only: it joins no consumer"
          + " group and causes no side effect. Uses KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL."
    },
    mixinStandardHelpOptions = true)
final class AuditCommand implements Callable<Integer> {

  /** Exit code when the topics hold nothing for the window. */
  static final int NOT_FOUND = 3;

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WINDOW_ID", description = "The window, e.g. MNT-2026-0042.")
  String windowId;

  @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
  Format format;

  @Option(names = "--since", description = "Only what happened from this ISO-8601 instant on.")
  String since;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant from = since == null ? null : OffsetDateTime.parse(since).toInstant();
    List<Entry> timeline = new TimelineReader(WindowOpsConfig.load()).timeline(windowId, from);
    if (timeline.isEmpty()) {
      spec.commandLine().getErr().println("No events for window " + windowId + " on the WindowOps topics");
      return NOT_FOUND;
    }
    if (format == Format.json) {
      JsonArray entries = new JsonArray();
      for (Entry e : timeline) {
        entries.add(
            new JsonObject()
                .put("occurredAt", e.metadata().getOccurredAt().toString())
                .put("topic", e.topic())
                .put("event", e.type())
                .put("actor", e.metadata().getActor())
                .put("eventId", e.metadata().getEventId())
                .put("causationId", e.metadata().getCausationId())
                .put("correlationId", e.metadata().getCorrelationId())
                .put("payload", payload(e)));
      }
      out.println(new JsonObject().put("windowId", windowId).put("timeline", entries).encodePrettily());
    } else {
      out.println("Timeline of " + windowId + " (" + timeline.size() + " events)");
      for (Entry e : timeline) {
        out.printf("%s  %-32s %-24s by %s%n    %s%n", e.metadata().getOccurredAt(), e.topic(), e.type(), e.metadata().getActor(), e.payload());
      }
    }
    out.flush();
    return 0;
  }

  /** Avro's JSON rendering of the payload; as text if it is not valid JSON. */
  private static Object payload(Entry e) {
    String text = e.payload().toString();
    try {
      return new JsonObject(text);
    } catch (io.vertx.core.json.DecodeException notJson) {
      return text;
    }
  }
}
