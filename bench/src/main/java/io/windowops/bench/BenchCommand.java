package io.windowops.bench;

import io.windowops.platform.logging.FileLogging;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code windowops bench [--quick]}: one run on one embedded broker measures the raw Kafka
 * baseline and WindowOps' step round trip, sustained step transitions, timer lateness and
 * scheduler takeover, prints them with their ratios to the baseline, and writes them as JSON and
 * as a PNG chart.
 */
@Command(
    name = "windowops bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures WindowOps end to end against the raw Kafka limit, in one run on one embedded broker.",
      "Writes <out>/latest.json and <out>/latest.png. Exit 0 when the run finished (targets met or not), 1 when it failed."
    })
public final class BenchCommand implements Callable<Integer> {

  /** How much work each phase does. */
  record Scale(
      String name,
      int warmupWindows,
      int rttWindows,
      int rttSteps,
      int baselineTrips,
      int rawRecords,
      int throughputWindows,
      int throughputSteps,
      int timerWindows,
      Duration timerSpread,
      Duration timerLead,
      int restoreWindows,
      int admissionSmall,
      int admissionLarge) {}

  static final Scale FULL =
      new Scale("full", 20, 4, 100, 100, 200_000, 1_000, 10, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(240), 100_000, 10_000, 100_000);
  static final Scale QUICK =
      new Scale("quick", 10, 4, 25, 30, 50_000, 200, 10, 2_000, Duration.ofSeconds(20), Duration.ofSeconds(15), 25_000, 2_000, 20_000);

  @Option(names = "--quick", description = "A short version of the same phases (under 3 minutes).")
  boolean quick;

  @Option(names = "--out", description = "Where latest.json and latest.png go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("bench", "results");

  @Option(names = "--work-dir", description = "The broker's data and the services' log; emptied first (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of(".windowops-bench");

  private long began;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Scale scale = quick ? QUICK : FULL;
    began = System.nanoTime();
    emptyDirectory(workDir);
    Files.createDirectories(out);
    FileLogging.toFile(workDir.resolve("bench.log"));
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    progress("starting the broker, the registry, the scheduler and the executor (log: " + workDir.resolve("bench.log") + ")");
    try (BenchSystem system = BenchSystem.start(workDir.toAbsolutePath());
        WindowRequests requests = new WindowRequests(system.config());
        WindowTraces traces = new WindowTraces(system.config());
        LogVolume volume = new LogVolume(system.config())) {
      WindowOpsConfig config = system.config();
      WindowPhases phases = new WindowPhases(requests, traces, volume);

      progress("warm-up: " + scale.warmupWindows() + " windows x 5 steps");
      phases.runWindows("BENCH-WARM-", scale.warmupWindows(), 5, Duration.ofSeconds(3), Duration.ofMinutes(3));
      int runStepBytes = traces.runStepSize();
      int outcomeBytes = traces.outcomeSize();

      RawKafka raw = new RawKafka(config);
      raw.createTopics();
      progress("baseline: raw Kafka two-hop round trips (" + runStepBytes + " B out, " + outcomeBytes + " B back)");
      Distribution baseline =
          Distribution.of(new BaselineRoundTrip(raw, true, runStepBytes, outcomeBytes).run(scale.rttWindows(), scale.baselineTrips(), 5));
      Distribution baselinePlain =
          Distribution.of(new BaselineRoundTrip(raw, false, runStepBytes, outcomeBytes).run(scale.rttWindows(), scale.baselineTrips(), 5));
      progress("baseline: raw record throughput (" + scale.rawRecords() + " records)");
      double rawRecords = new RawThroughput(raw, runStepBytes).recordsPerSecond(scale.rawRecords());

      progress("step round trip: " + scale.rttWindows() + " windows x " + scale.rttSteps() + " no-op steps");
      List<String> rttWindows =
          phases.runWindows("BENCH-RTT-", scale.rttWindows(), scale.rttSteps(), Duration.ofSeconds(2), Duration.ofMinutes(5));
      Distribution stepRtt = Distribution.of(phases.stepRoundTrips(rttWindows));

      progress("step transitions: " + scale.throughputWindows() + " windows x " + scale.throughputSteps() + " no-op steps");
      WindowPhases.Throughput throughput = phases.throughput(scale.throughputWindows(), scale.throughputSteps());

      progress("timer lateness: " + scale.timerWindows() + " windows starting within " + scale.timerSpread().toSeconds() + " s");
      WindowPhases.Lateness lateness = phases.timerLateness(scale.timerWindows(), scale.timerSpread(), scale.timerLead());

      progress("admission: " + scale.admissionSmall() + " and " + scale.admissionLarge() + " slot claims, index vs flat list");
      AdmissionIntake.Intake admission =
          new AdmissionIntake(workDir.toAbsolutePath().resolve("policy.yaml"), workDir.toAbsolutePath())
              .run(scale.admissionSmall(), scale.admissionLarge());

      progress("takeover: " + scale.restoreWindows() + " scheduled windows in the state topic, then a new scheduler instance");
      WindowStateSnapshot template = scheduledTemplate(system, requests);
      StateTakeover.Takeover takeover = new StateTakeover(system).run(template, scale.restoreWindows());

      BenchResults results =
          new BenchResults(
              scale.name(), startedAt, Runtime.getRuntime().availableProcessors(),
              ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), runStepBytes, outcomeBytes,
              baseline, baselinePlain, rawRecords, stepRtt, throughput, lateness, admission, takeover);
      Files.writeString(out.resolve("latest.json"), results.toJson().encodePrettily() + "\n");
      ResultsChart.write(results, out.resolve("latest.png"));
      progress("done");
      System.out.println();
      System.out.print(results.table());
      System.out.println();
      System.out.println("Wrote " + out.resolve("latest.json") + " and " + out.resolve("latest.png"));
      return 0;
    }
  }

  /** A real snapshot the scheduler wrote for a scheduled ten-step window starting in a day. */
  private static WindowStateSnapshot scheduledTemplate(BenchSystem system, WindowRequests requests) throws InterruptedException {
    String id = "BENCH-TEMPLATE-" + System.currentTimeMillis();
    requests.requestApproved(id, Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), 10);
    requests.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<WindowStateSnapshot> w = system.scheduler().readModel().window(id);
      if (w.isPresent() && w.get().getStatus() == WindowStatus.SCHEDULED) {
        return w.get();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the template window " + id + " was not scheduled within 60 s");
  }

  private void progress(String what) {
    System.out.printf("[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
  }

  private static void emptyDirectory(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
