package io.windowops.cli;

import io.windowops.demo.Demo;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description = {
      "Runs WindowOps as 'up' does and shows two maintenance windows end to end on a simulated"
          + " resolver: a cache cleanup that completes, and an upgrade whose post-upgrade check fails"
          + " and which rolls back in reverse order. Starts a real Prometheus (if on PATH, else checks"
          + " use the HTTP criterion) and a local SMTP catcher for the email notices. Prints live"
          + " progress, each window's timeline from the topics, where the notices went, and ends with"
          + " '<window id> <final state>' per window.",
      "Exit codes: 0 both windows ended as expected (COMPLETED, ROLLED_BACK); 1 otherwise."
    },
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Keep the broker's, Prometheus' and the workload's state and the logs here (default: a"
          + " temporary directory, deleted at the end).")
  Path dataDir;

  @Option(names = "--kafka-port", description = "The broker's client port (default: ${DEFAULT-VALUE}: a free one).", defaultValue = "0")
  int kafkaPort;

  @Option(
      names = "--base-port",
      description = "HTTP ports as for 'up' (default: ${DEFAULT-VALUE}: free ones, so it never clashes with a running 'up').",
      defaultValue = "0")
  int basePort;

  @Option(names = "--no-prometheus", description = "Check through the validator's HTTP criterion even if Prometheus is installed.")
  boolean noPrometheus;

  @Option(
      names = "--timeout",
      description = "How long the windows may take once requested, ISO-8601 (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT90S")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean temporary = dataDir == null;
    Path home = temporary ? Files.createTempDirectory("windowops-demo") : dataDir;
    int exit = 1;
    try {
      exit = new Demo(new Demo.Options(home, kafkaPort, basePort, !noPrometheus, timeout), WindowOpsConfig.load(), out).run();
    } catch (Exception e) {
      out.flush();
      spec.commandLine().getErr().println("windowops demo failed: " + e.getMessage());
    } finally {
      if (temporary && exit == 0) {
        deleteTree(home);
      } else if (temporary) {
        spec.commandLine().getErr().println("State and logs kept for a look: " + home);
      }
    }
    return exit;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory the system cleans up anyway.
    }
  }
}
