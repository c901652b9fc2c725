package io.windowops.cli;

import io.windowops.platform.logging.FileLogging;
import io.windowops.local.LocalMode;
import io.windowops.platform.config.WindowOpsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    description = {
      "Runs WindowOps locally in one JVM: a real Kafka broker (KRaft), the schema registry and the"
          + " four services, with state under the data directory. Stops cleanly on Ctrl-C/SIGTERM."
    },
    mixinStandardHelpOptions = true)
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Where the broker and registry keep their state (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:WINDOWOPS_HOME:-.windowops}")
  Path dataDir;

  @Option(
      names = "--kafka-port",
      description = "The broker's client port (default: ${DEFAULT-VALUE}; 0 picks a free one).",
      defaultValue = "9092")
  int kafkaPort;

  @Option(
      names = "--base-port",
      description = {
        "HTTP ports: scheduler at the base, registry +1, executor +2, validator +3, notifier +4",
        "(default: ${DEFAULT-VALUE}; 0 picks free ones)."
      },
      defaultValue = "8080")
  int basePort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long began = System.nanoTime();
    Path home = dataDir.toAbsolutePath();
    FileLogging.toFile(java.nio.file.Files.createDirectories(home.resolve("logs")).resolve("windowops.log"));
    LocalMode local = LocalMode.start(home, LocalMode.Ports.from(kafkaPort, basePort), WindowOpsConfig.load());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping WindowOps...");
                  out.flush();
                  local.close();
                  out.println("WindowOps stopped; state kept in " + home);
                  out.flush();
                  stopped.countDown();
                },
                "windowops-up-shutdown"));
    for (LocalMode.Endpoint endpoint : local.endpoints()) {
      out.println(endpoint.name() + " " + endpoint.address());
    }
    out.println("logs " + home.resolve("logs").resolve("windowops.log"));
    out.printf(Locale.ROOT, "WindowOps ready in %.1f s%n", (System.nanoTime() - began) / 1e9);
    out.flush();
    stopped.await();
    return 0;
  }
}
