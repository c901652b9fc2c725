package io.windowops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code windowops.jar up} the way a user does (a child JVM), reads what it prints,
 * checks every service it names is healthy, stops it with SIGTERM, and starts it again on the
 * same state.
 */
@DisplayName("windowops up")
class UpCommandIT {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final List<String> SERVICES = List.of("scheduler", "executor", "validator", "notifier");

  @TempDir Path home;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("starts broker, registry and four healthy services, stops on SIGTERM, and keeps its state")
  void upStopAndUpAgain() throws Exception {
    Map<String, String> first = runUntilReady();
    assertThat(first.keySet()).containsAll(SERVICES).contains("kafka", "schema-registry");

    // The second start finds the topics and schemas the first one created.
    Map<String, String> second = runUntilReady();
    assertThat(second.keySet()).containsAll(SERVICES);
    assertThat(Files.readString(home.resolve("kafka").resolve("cluster-id")).trim()).isNotEmpty();
  }

  /** Starts {@code up}, checks it, SIGTERMs it; returns the printed name → address lines. */
  private Map<String, String> runUntilReady() throws Exception {
    Path jar = Paths.get("target", "windowops.jar").toAbsolutePath();
    assertThat(jar).as("the fat jar is built in the package phase").exists();
    ProcessBuilder command =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-jar",
                jar.toString(),
                "up",
                "--data-dir",
                home.toString(),
                "--kafka-port",
                "0",
                "--base-port",
                "0")
            .redirectErrorStream(true);
    // What ./windowops sets: the example policy and API tokens of the repository.
    command.environment().put("WINDOWOPS_POLICY_FILE", Paths.get("..", "examples", "policies.yaml").toAbsolutePath().toString());
    command.environment().put("WINDOWOPS_API_TOKENS_FILE", Paths.get("..", "examples", "api-tokens.yaml").toAbsolutePath().toString());
    command.environment().put("WINDOWOPS_EXECUTOR_CATALOG", Paths.get("..", "examples", "catalog.yaml").toAbsolutePath().toString());
    Process process = command.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  lines.add(line);
                }
              } catch (Exception ignored) {
                // The process ended.
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      Map<String, String> endpoints = new LinkedHashMap<>();
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + START_LIMIT.toNanos();
      String ready = null;
      while (ready == null) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        assertThat(System.nanoTime()).as("ready line within %s; output so far: %s", START_LIMIT, seen).isLessThan(deadline);
        assertThat(process.isAlive() || line != null).as("process alive; output: %s", seen).isTrue();
        if (line == null) {
          continue;
        }
        seen.add(line);
        if (line.matches("WindowOps ready in [0-9]+\\.[0-9] s")) {
          ready = line;
        } else if (line.matches("[a-z-]+ \\S+")) {
          String[] parts = line.split(" ", 2);
          endpoints.put(parts[0], parts[1]);
        }
      }
      for (String service : SERVICES) {
        HttpResponse<String> health = get(endpoints.get(service) + "/health/ready");
        assertThat(health.statusCode()).as(service + " ready: " + health.body()).isEqualTo(200);
      }
      assertThat(get(endpoints.get("schema-registry") + "/subjects").body()).contains("windowops.requests.v1-value");

      // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
      process.toHandle().destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s after SIGTERM").isTrue();
      reader.join(5_000);
      List<String> rest = new ArrayList<>();
      lines.drainTo(rest);
      assertThat(rest)
          .as("clean shutdown message (exit code %d)", process.exitValue())
          .anyMatch(l -> l.startsWith("WindowOps stopped"));
      assertThat(process.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
      return endpoints;
    } finally {
      process.destroyForcibly();
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
