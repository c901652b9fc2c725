package io.windowops.chaos;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;

/**
 * One chaos cluster (broker, registry, two JVMs per service) for all reliability ITs of this test
 * JVM: starting eight service JVMs takes a minute or two on two cores, so the ITs share them. It
 * stops when the test JVM exits.
 */
final class SharedChaosCluster {

  /** Planted in the catalog (as a file reference) and the notifier's webhook key (as an env reference). */
  static final String SECRET = "planted-secret-" + UUID.randomUUID();

  private static ChaosCluster cluster;

  private SharedChaosCluster() {}

  static synchronized ChaosCluster get() throws Exception {
    if (cluster == null) {
      Path home = Files.createDirectories(Paths.get("target", "chaos").toAbsolutePath()).resolve("run-" + System.currentTimeMillis());
      Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
      cluster = ChaosCluster.start(home, examples, SECRET);
      ChaosCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "chaos-cluster-stop"));
    }
    return cluster;
  }

  static PrintWriter progress() {
    return new PrintWriter(System.out, true);
  }

  /** Appends a report to target/chaos/reports.txt, the figures the README quotes. */
  static void record(String test, ChaosReport report) throws Exception {
    Path file = Paths.get("target", "chaos", "reports.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        test + ": " + report.summary() + " (" + report.details() + ")" + System.lineSeparator(),
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }
}
