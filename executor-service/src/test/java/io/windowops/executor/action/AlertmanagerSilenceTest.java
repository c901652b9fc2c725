package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real Alertmanager from Debian's prometheus-alertmanager package (.ci/run installs it). */
@DisplayName("The alertmanager.silence action against a real Alertmanager")
class AlertmanagerSilenceTest {

  private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

  @TempDir Path dir;
  private Process alertmanager;
  private int port;
  private Vertx vertx;
  private ActionRunners runners;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed");
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = Files.writeString(dir.resolve("alertmanager.yml"), "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
    alertmanager =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    await("Alertmanager is ready").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> get("/-/ready").statusCode() == 200);
    vertx = Vertx.vertx();
    runners = new ActionRunners(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    if (runners != null) {
      runners.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private ActionResult run(ExecutionKind kind, Map<String, String> stepOutputs) throws Exception {
    ActionCatalog catalog = CatalogLoader.load(Path.of("../examples/catalog.yaml"));
    ActionCatalog.Bound bound = catalog.bind("silence-alerts", Map.of("service", "payments-api", "alertmanagerPort", "" + port), stepOutputs);
    ActionRequest request = new ActionRequest("MNT-2026-0042", "silence", 1, kind, bound, Duration.ofSeconds(10), stepOutputs);
    return vertx.<Void>executeBlocking(() -> null).compose(ignored -> runners.run(request)).await(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("creates a silence naming the window, and its compensation expires it")
  void silenceAndExpire() throws Exception {
    ActionResult created = run(ExecutionKind.STEP, Map.of());
    assertThat(created.status()).as(created.error()).isEqualTo(StepStatus.SUCCEEDED);
    String id = created.outputs().get("silenceId");
    assertThat(id).isNotBlank();

    JsonObject silence = new JsonObject(get("/api/v2/silence/" + id).body());
    assertThat(silence.getJsonObject("status").getString("state")).isEqualTo("active");
    assertThat(silence.getString("createdBy")).isEqualTo("windowops");
    assertThat(silence.getString("comment")).contains("MNT-2026-0042").contains("silence");
    JsonObject matcher = silence.getJsonArray("matchers").getJsonObject(0);
    assertThat(matcher.getString("name")).isEqualTo("service");
    assertThat(matcher.getString("value")).isEqualTo("payments-api");
    assertThat(matcher.getBoolean("isRegex")).isFalse();

    ActionResult expired = run(ExecutionKind.COMPENSATION, created.outputs());
    assertThat(expired.status()).as(expired.error()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(new JsonObject(get("/api/v2/silence/" + id).body()).getJsonObject("status").getString("state"))
        .isEqualTo("expired");
  }

  @Test
  @DisplayName("a compensation without a recorded silence id fails with a clear error")
  void compensationWithoutId() throws Exception {
    ActionResult result = run(ExecutionKind.COMPENSATION, Map.of());
    assertThat(result.status()).isEqualTo(StepStatus.FAILED);
    assertThat(result.error()).contains("silenceId");
  }
}
