package io.windowops.validator.peers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus}, {@code /usr/bin/prometheus} or {@code
 * PROMETHEUS_BIN}) on a free loopback port with a temporary TSDB, scraping one target every second.
 * One per test JVM, shared like the test broker.
 */
public final class RealPrometheus {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static RealPrometheus shared;

  private final Process process;
  private final Path dir;
  private final String url;
  private final MetricsEndpoint metrics;

  private RealPrometheus(MetricsEndpoint metrics) throws IOException {
    this.metrics = metrics;
    this.dir = Files.createTempDirectory("windowops-test-prometheus");
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: test",
        "    static_configs:",
        "      - targets: ['" + metrics.target() + "']",
        ""), StandardCharsets.UTF_8);
    String bin = System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus");
    if (!Files.isExecutable(Path.of(bin))) {
      throw new IllegalStateException(
          "No Prometheus at " + bin + ": install Debian's prometheus package (.ci/run does) or set PROMETHEUS_BIN");
    }
    process = new ProcessBuilder(List.of(
            bin,
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    url = "http://127.0.0.1:" + port;
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "test-prometheus-stop"));
    await("Prometheus answers at " + url).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
  }

  /** The JVM's Prometheus, started on first use, and the endpoint it scrapes. */
  public static synchronized RealPrometheus shared() throws IOException {
    if (shared == null) {
      shared = new RealPrometheus(new MetricsEndpoint());
    }
    return shared;
  }

  public String url() {
    return url;
  }

  public MetricsEndpoint metrics() {
    return metrics;
  }

  /** Waits until an instant query for {@code promql} returns {@code expected} in its body. */
  public void awaitQuery(String promql, String expected) {
    await("Prometheus has scraped " + promql + " = " + expected)
        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> get("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, StandardCharsets.UTF_8)).body()
            .contains("\"" + expected + "\""));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    metrics.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
