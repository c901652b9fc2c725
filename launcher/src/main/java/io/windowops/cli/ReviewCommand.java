package io.windowops.cli;

import io.windowops.audit.IncidentScan;
import io.windowops.audit.Range;
import io.windowops.audit.TimelineReader;
import io.windowops.audit.TimelineReader.Entry;
import io.windowops.events.WindowRejected;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.scheduler.review.Fact;
import io.windowops.scheduler.review.PostMaintenanceReview;
import io.windowops.scheduler.review.ReviewBuilder;
import io.windowops.scheduler.review.ReviewJson;
import io.windowops.scheduler.review.ReviewText;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "review",
    description = {
      "Prints the post-maintenance review of a finished window, built from the Kafka topics alone"
          + " (the same review as GET /windows/{id}/review): planned against actual duration,"
          + " notices sent on time (%), validation checks passed (%), incidents during the window,"
          + " each step, what failed and the rollback result. Read-only, like audit."
          + " Uses KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL.",
      "Exit codes: 0 printed, 3 no such window on the topics (or it was rejected), 4 Kafka or the schema registry"
          + " cannot be reached, 6 the window has not ended yet."
    },
    mixinStandardHelpOptions = true)
final class ReviewCommand implements Callable<Integer> {

  enum Format {
    markdown,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WINDOW_ID", description = "The window, e.g. MNT-2026-0042.")
  String windowId;

  @Option(names = "--format", description = "markdown (default) or json.", defaultValue = "markdown")
  Format format;

  @Override
  public Integer call() {
    WindowOpsConfig config = WindowOpsConfig.load();
    try {
      return review(config);
    } catch (KafkaException e) {
      return AuditCommand.unreachable(e, config, spec.commandLine().getErr());
    }
  }

  private int review(WindowOpsConfig config) {
    List<Entry> timeline = new TimelineReader(config).timeline(windowId, Range.ALL);
    if (timeline.isEmpty()) {
      spec.commandLine().getErr().println("No events for window " + windowId + " on the WindowOps topics");
      return ExitCodes.NOT_FOUND;
    }
    if (timeline.stream().anyMatch(e -> e.payload() instanceof WindowRejected)) {
      spec.commandLine().getErr().println("Window " + windowId + " was rejected by the policy: a request that never ran has no review");
      return ExitCodes.NOT_FOUND;
    }
    List<Fact> facts = timeline.stream().map(e -> new Fact(e.metadata().getOccurredAt(), e.payload())).toList();
    Optional<PostMaintenanceReview> review =
        ReviewBuilder.build(windowId, facts, new IncidentScan(config).scheduledAround(timeline.get(0).metadata().getOccurredAt()));
    if (review.isEmpty()) {
      spec.commandLine().getErr().println("Window " + windowId + " has not ended; its review is written when it ends");
      return ExitCodes.NOT_ENDED;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(format == Format.json ? ReviewJson.of(review.get()).encodePrettily() : ReviewText.of(review.get()));
    out.flush();
    return ExitCodes.OK;
  }
}
