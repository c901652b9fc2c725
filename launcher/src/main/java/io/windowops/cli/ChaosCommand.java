package io.windowops.cli;

import io.windowops.chaos.ChaosReport;
import io.windowops.chaos.ChaosRun;
import io.windowops.platform.logging.FileLogging;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "chaos",
    description = {
      "Runs the reliability suite's chaos test by hand: a real Kafka broker and registry in this"
          + " JVM, two instances of each service in their own JVMs, and rounds of concurrent windows"
          + " whose steps append to a sink file and whose notices go to a webhook here, while random"
          + " instances are SIGKILLed and restarted. Ends with one line:",
      "rounds=R windows=W kills=K lost=L duplicate_steps=D duplicate_notices=M",
      "Exit code 0 when nothing was lost or duplicated, 1 otherwise, 2 for invalid options."
    },
    mixinStandardHelpOptions = true)
final class ChaosCommand implements Callable<Integer> {

  /** Exit code when something was lost or duplicated. */
  static final int FOUND_PROBLEMS = 1;

  @Spec CommandSpec spec;

  @Option(names = "--rounds", description = "Rounds to run (default: ${DEFAULT-VALUE}).", defaultValue = "3")
  int rounds;

  @Option(names = "--windows", description = "Concurrent windows per round (default: ${DEFAULT-VALUE}).", defaultValue = "20")
  int windows;

  @Option(names = "--broker-restarts", description = "Also stop and restart the Kafka broker once in every round.")
  boolean brokerRestarts;

  @Option(names = "--no-kills", negatable = false, description = "Do not kill service instances (e.g. with --broker-restarts alone).")
  boolean noKills;

  @Option(names = "--seed", description = "Random seed (default: the time).")
  Long seed;

  @Option(
      names = "--work-dir",
      description = "Where the broker data, service logs and sink go (default: a new temporary directory).")
  Path workDir;

  @Option(
      names = "--examples",
      description = "The folder with policies.yaml and api-tokens.yaml (default: the folder of WINDOWOPS_POLICY_FILE, else ./examples).")
  Path examples;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (rounds < 1 || windows < 1) {
      spec.commandLine().getErr().println("--rounds and --windows must be at least 1");
      return 2;
    }
    Path home = (workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("windowops-chaos-")).toAbsolutePath();
    FileLogging.toFile(Files.createDirectories(home.resolve("logs")).resolve("driver.log"));
    long s = seed != null ? seed : System.nanoTime();
    out.println("chaos run in " + home + " (seed " + s + ")");
    out.flush();
    if (examples == null) {
      String policy = System.getenv("WINDOWOPS_POLICY_FILE");
      examples = policy != null ? Path.of(policy).toAbsolutePath().getParent() : Path.of("examples");
    }
    ChaosReport report =
        ChaosRun.execute(home, examples.toAbsolutePath().normalize(), new ChaosRun.Options(rounds, windows, !noKills, brokerRestarts, s), out);
    out.println(report.details());
    out.println(report.summary());
    out.flush();
    return report.lost() == 0 && report.duplicateSteps() == 0 && report.duplicateNotices() == 0 ? 0 : FOUND_PROBLEMS;
  }
}
