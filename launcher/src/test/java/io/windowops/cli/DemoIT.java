package io.windowops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code windowops.jar demo} as a user does (a child JVM with the example
 * configuration {@code ./windowops} exports) and checks what it prints: both windows' final
 * lines, the reverse-order rollback in the upgrade's timeline from the topics, the email the SMTP
 * catcher received, and the resolver put back to its release.
 */
@DisplayName("windowops demo")
class DemoIT {

  /** The issue's promise: the demo runs in under two minutes once built. */
  private static final Duration LIMIT = Duration.ofMinutes(2);
  private static final Pattern CACHE_LINE = Pattern.compile("DEMO-[0-9]{6}-CACHE COMPLETED");
  private static final Pattern UPGRADE_LINE = Pattern.compile("DEMO-[0-9]{6}-UPGRADE ROLLED_BACK");

  @TempDir Path kept;

  @Test
  @DisplayName("completes the cache cleanup, rolls the upgrade back worker first, emails the notices, exits 0, in under 2 minutes")
  void demoWithPrometheus() throws Exception {
    assertThat(Path.of(System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus")))
        .as("Prometheus is installed (.ci/run installs Debian's prometheus)")
        .isExecutable();
    Run run = demo(Map.of());

    assertThat(run.exit).as("exit code; output:%n%s", run.text()).isZero();
    assertThat(run.took).as("wall time of windowops demo").isLessThan(LIMIT);
    assertEndsWithFinalLines(run);
    assertThat(run.lines).anyMatch(l -> l.startsWith("  checks: Prometheus ("));
    assertRolledBackInReverseOrder(run);
    assertThat(run.lines).anySatisfy(l -> assertThat(l).matches("  email: [1-9][0-9]* messages to .* caught by the SMTP catcher at 127\\.0\\.0\\.1:[0-9]+"));
    assertThat(run.lines).anyMatch(l -> l.matches("    DEMO-[0-9]{6}-CACHE  \\[Completed\\] Clean the resolver cache"));
    assertThat(run.lines).anyMatch(l -> l.matches("    DEMO-[0-9]{6}-UPGRADE  \\[Rolled back\\] Upgrade the resolver to 2\\.0\\.0"));
    assertThat(run.lines).anyMatch(l -> l.matches("    shows DEMO-[0-9]{6}-UPGRADE ROLLED_BACK"));
    assertThat(run.lines).contains("The resolver afterwards: versions {api=1.4.2, worker=1.4.2}, cache 16384 bytes");

    Path dataDir = Path.of(run.after("  data and logs: "));
    assertThat(dataDir).as("the temporary data directory is removed after a successful demo").doesNotExist();
    System.out.printf("windowops demo (Prometheus checks) took %.1f s%n", run.took.toMillis() / 1000.0);
  }

  @Test
  @DisplayName("without Prometheus, says so in one line, checks through the validator's HTTP criterion, and keeps --data-dir")
  void demoWithHttpChecks() throws Exception {
    Run run = demo(Map.of("PROMETHEUS_BIN", kept.resolve("no-such-prometheus").toString()), "--data-dir", kept.toString());

    assertThat(run.exit).as("exit code; output:%n%s", run.text()).isZero();
    assertEndsWithFinalLines(run);
    assertThat(run.lines).anySatisfy(l -> assertThat(l).matches(
        "  PROMETHEUS_BIN=.*no-such-prometheus is not an executable: the checks read http://127\\.0\\.0\\.1:[0-9]+/status\\.json"
            + " with the validator's HTTP criterion instead \\(install it with 'sudo apt-get install prometheus'.*"));
    assertRolledBackInReverseOrder(run);
    assertThat(kept.resolve("logs").resolve("windowops.log")).isNotEmptyFile();
    assertThat(Files.readString(kept.resolve("workload").resolve("resolver").resolve("worker").resolve("VERSION")).trim())
        .isEqualTo("1.4.2");
    System.out.printf("windowops demo (HTTP checks) took %.1f s%n", run.took.toMillis() / 1000.0);
  }

  private static void assertEndsWithFinalLines(Run run) {
    List<String> last = run.lines.subList(Math.max(0, run.lines.size() - 2), run.lines.size());
    assertThat(last).as("the last two lines").hasSize(2);
    assertThat(last.get(0)).matches(CACHE_LINE);
    assertThat(last.get(1)).matches(UPGRADE_LINE);
  }

  /** In the upgrade's timeline from the topics: worker compensated before api; the backup not at all. */
  private static void assertRolledBackInReverseOrder(Run run) {
    int timeline = run.indexOf(l -> l.matches("Timeline of DEMO-[0-9]{6}-UPGRADE from the Kafka topics.*"));
    assertThat(timeline).as("the upgrade's timeline is printed").isNotNegative();
    List<String> compensations = new ArrayList<>();
    for (String line : run.lines.subList(timeline, run.lines.size())) {
      if (line.isBlank()) {
        break;
      }
      if (line.contains(" CompensateStep ")) {
        compensations.add(line.replaceAll(".* CompensateStep +scheduler +(\\S+) .*", "$1"));
      }
    }
    assertThat(compensations).containsExactly("upgrade-worker", "upgrade-api");
    assertThat(run.text()).containsPattern("WindowRolledBack +scheduler +cause=VALIDATION_FAILED");
    assertThat(run.text()).containsPattern("ValidationOutcome +validator +phase=POST verdict=FAILED failedCriteria=success-ratio");
  }

  /** Runs {@code java -jar windowops.jar demo ARGS} with the example configuration to its end. */
  private static Run demo(Map<String, String> env, String... args) throws Exception {
    Path jar = Paths.get("target", "windowops.jar").toAbsolutePath();
    assertThat(jar).as("the fat jar is built in the package phase").exists();
    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", jar.toString(), "demo"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
    builder.environment().put("WINDOWOPS_POLICY_FILE", examples.resolve("policies.yaml").toString());
    builder.environment().put("WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString());
    builder.environment().put("WINDOWOPS_EXECUTOR_CATALOG", examples.resolve("catalog.yaml").toString());
    builder.environment().putAll(env);
    long began = System.nanoTime();
    Process process = builder.start();
    try {
      List<String> lines = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            synchronized (lines) {
              lines.add(line);
            }
          }
        } catch (Exception ignored) {
          // The process ended.
        }
      });
      reader.setDaemon(true);
      reader.start();
      boolean ended = process.waitFor(LIMIT.toSeconds() + 60, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      reader.join(10_000);
      synchronized (lines) {
        assertThat(ended).as("the demo ends; output so far:%n%s", String.join("\n", lines)).isTrue();
        return new Run(process.exitValue(), took, List.copyOf(lines));
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private record Run(int exit, Duration took, List<String> lines) {
    String text() {
      return String.join("\n", lines);
    }

    int indexOf(java.util.function.Predicate<String> p) {
      for (int i = 0; i < lines.size(); i++) {
        if (p.test(lines.get(i))) {
          return i;
        }
      }
      return -1;
    }

    String after(String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
  }
}
