package io.windowops.cli;

import io.windowops.audit.AccountBuilder;
import io.windowops.audit.AccountJson;
import io.windowops.audit.AccountText;
import io.windowops.audit.PeriodSummary;
import io.windowops.audit.Range;
import io.windowops.audit.TimelineReader;
import io.windowops.audit.TimelineReader.Entry;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "audit",
    description = {
      "Prints one window's account rebuilt from the Kafka topics alone: the request and its requester,"
          + " the policy's decisions, every approval (counted, refused or voided), operator commands,"
          + " notices per channel and target, each step attempt with exit code and duration, every"
          + " validation measurement, the rollback and its compensations, the final state, then the"
          + " raw timeline. With --all, a summary of every window active in a period: windows by state"
          + " and failure reasons.",
      "Read-only: it joins no consumer group and causes no side effect. Uses KAFKA_BOOTSTRAP_SERVERS"
          + " and SCHEMA_REGISTRY_URL.",
      "Exit codes: 0 printed; 2 usage error; 3 nothing on the topics for the window in the range;"
          + " 4 Kafka or the schema registry cannot be reached."
    },
    mixinStandardHelpOptions = true)
final class AuditCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WINDOW_ID", description = "The window, e.g. MNT-2026-0042 (omit with --all).")
  String windowId;

  @Option(names = "--all", description = "Summarize every window with activity in the period instead of one window.")
  boolean all;

  @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
  Format format;

  @Option(names = "--since", converter = InstantConverter.class, paramLabel = "TIME",
      description = "Only what happened from this instant on (2026-11-01T00:00:00Z, or a UTC date 2026-11-01).")
  Instant since;

  @Option(names = "--until", converter = InstantConverter.class, paramLabel = "TIME",
      description = "Only what happened before this instant.")
  Instant until;

  @Override
  public Integer call() {
    if (all == (windowId != null)) {
      throw new ParameterException(spec.commandLine(), "give either WINDOW_ID or --all");
    }
    Range range;
    try {
      range = new Range(since, until);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    WindowOpsConfig config = WindowOpsConfig.load();
    TimelineReader reader = new TimelineReader(config);
    try {
      return all ? summary(reader, range, out, err) : window(reader, range, out, err);
    } catch (KafkaException e) {
      return unreachable(e, config, err);
    }
  }

  /**
   * Exit code {@link ExitCodes#UNREACHABLE} with a line saying which of Kafka and the registry
   * to check, when {@code e} says one of them does not answer; any other failure is rethrown.
   */
  static int unreachable(KafkaException e, WindowOpsConfig config, PrintWriter err) {
    if (e instanceof SchemaRegistryUnavailableException || e instanceof org.apache.kafka.common.errors.TimeoutException
        || SchemaRegistryUnavailableException.isCauseOf(e)) {
      err.println("Cannot read the topics: Kafka at " + config.kafkaBootstrapServers() + " or the schema registry at "
          + config.schemaRegistryUrl() + " does not answer (" + e.getMessage() + ")");
      return ExitCodes.UNREACHABLE;
    }
    throw e;
  }

  private int window(TimelineReader reader, Range range, PrintWriter out, PrintWriter err) {
    List<Entry> timeline = reader.timeline(windowId, range);
    warn(reader, err);
    if (timeline.isEmpty()) {
      err.println("No events for window " + windowId + " on the WindowOps topics (" + range + ")");
      return ExitCodes.NOT_FOUND;
    }
    var account = AccountBuilder.of(windowId, range, timeline);
    if (format == Format.json) {
      out.println(AccountJson.of(account).encodePrettily());
      out.flush();
    } else {
      new AccountText(out).print(account);
    }
    return ExitCodes.OK;
  }

  private int summary(TimelineReader reader, Range range, PrintWriter out, PrintWriter err) {
    PeriodSummary summary = new PeriodSummary(range);
    reader.everyWindow(range, summary::add);
    PeriodSummary.Report report = summary.report(reader.skipped());
    warn(reader, err);
    if (format == Format.json) {
      out.println(PeriodSummary.json(report).encodePrettily());
      out.flush();
    } else {
      PeriodSummary.printText(report, out);
    }
    return ExitCodes.OK;
  }

  private static void warn(TimelineReader reader, PrintWriter err) {
    reader.skipped().forEach(s -> err.println("WARNING: skipped an undecodable record " + s));
    err.flush();
  }
}
