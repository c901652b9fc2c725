package io.windowops.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.replay.Difference;
import io.windowops.replay.Recording;
import io.windowops.replay.ReplayReport;
import io.windowops.replay.Replayer;
import io.windowops.replay.SchedulerTopics;
import io.windowops.scheduler.SchedulerVerticle;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.saga.WindowSaga;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "replay",
    description = {
      "Rebuilds the scheduler's state from its recorded inputs by running its decision function"
          + " again, and reports every window whose recorded outputs (facts, step, validation and"
          + " slot-claim commands, state snapshots) differ from what it decides now; then decides"
          + " the recorded slot claims again, per admission partition, and compares the answers"
          + " (SlotGranted/SlotRefused) and the reservations changelog: a determinism and"
          + " upgrade-safety check. Read-only: it reads every partition of the scheduler's input"
          + " and output topics without joining a consumer group, commits nothing and writes"
          + " nothing, so it never causes a step, check or notification."
          + " Uses KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL and WINDOWOPS_POLICY_FILE.",
      "Exit codes: 0 no difference, 1 differences, 2 usage or configuration error, 3 nothing to replay,"
          + " 4 Kafka or the schema registry cannot be reached."
    },
    mixinStandardHelpOptions = true,
    subcommands = {ReplayExportCommand.class, ReplayImportCommand.class})
final class ReplayCommand implements Callable<Integer> {

  static final int DIFFERENCES = 1;
  static final int USAGE = 2;
  static final int NOTHING = 3;

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
  Format format;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "The maintenance policy to decide with (default: WINDOWOPS_POLICY_FILE, as the scheduler).")
  Path policy;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    WindowOpsConfig config;
    MaintenancePolicy rules;
    try {
      config = WindowOpsConfig.load();
      Path file = policy != null ? policy : Path.of(config.require(SchedulerVerticle.POLICY_FILE));
      if (!Files.isReadable(file)) {
        err.println((policy != null ? "--policy" : SchedulerVerticle.POLICY_FILE) + ": cannot read " + file);
        return USAGE;
      }
      rules = MaintenancePolicy.load(file);
    } catch (RuntimeException e) {
      err.println("Cannot replay: " + e.getMessage());
      return USAGE;
    }
    Recording recording;
    try {
      SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
      recording = Recording.decode(SchedulerTopics.readAll(config, SchedulerTopics.all()), registry);
    } catch (RuntimeException e) {
      // An unreachable broker or registry: say so, with the addresses used.
      err.println("Cannot read the scheduler's topics from " + config.kafkaBootstrapServers() + " (registry "
          + config.schemaRegistryUrl() + "): " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
    ReplayReport report = new Replayer(new WindowSaga(rules), new Admission(rules)).replay(recording);
    if (report.foundNothing()) {
      err.println("Nothing to replay: the scheduler's topics hold no inputs");
      return NOTHING;
    }
    print(report, spec.commandLine().getOut());
    return report.differences().isEmpty() ? 0 : DIFFERENCES;
  }

  private void print(ReplayReport report, PrintWriter out) {
    if (format == Format.json) {
      JsonArray differences = new JsonArray();
      for (Difference d : report.differences()) {
        differences.add(
            new JsonObject()
                .put("windowId", d.windowId())
                .put("input", d.input())
                .put("output", d.output())
                .put("expected", d.expected())
                .put("recorded", d.recorded()));
      }
      out.println(
          new JsonObject()
              .put("windowsReplayed", report.windows())
              .put("inputs", report.inputs())
              .put("outputsCompared", report.outputsCompared())
              .put("differences", report.differences().size())
              .put("incomplete", new JsonObject(new TreeMap<String, Object>(report.incomplete())))
              .put("undecodable", report.undecodable())
              .put("windows", differences)
              .encodePrettily());
    } else {
      out.printf(
          "Replayed %d windows: %d inputs, %d outputs compared, %d windows differ%n",
          report.windows(), report.inputs(), report.outputsCompared(), report.differences().size());
      report.incomplete().forEach((w, why) -> out.printf("  %s not replayed: %s%n", w, why));
      if (report.undecodable() > 0) {
        out.printf("  %d records do not decode and were left out%n", report.undecodable());
      }
      for (Difference d : report.differences()) {
        out.printf("%n%s differs at %s%n  output:   %s%n  expected: %s%n  recorded: %s%n",
            d.windowId(), d.input(), d.output(), d.expected(), d.recorded());
      }
    }
    out.flush();
  }
}
