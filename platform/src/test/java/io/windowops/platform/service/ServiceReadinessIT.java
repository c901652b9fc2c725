package io.windowops.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.schemas.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A service's health endpoints")
class ServiceReadinessIT {

  @TempDir Path brokerDir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private EmbeddedKafkaBroker broker;

  /** The smallest real service: consumes one topic and counts what it gets. */
  static final class ProbeService extends WindowOpsService {
    ProbeService(WindowOpsConfig config) {
      super("probe", config);
    }

    @Override
    protected List<Input<?>> inputs() {
      return List.of(new Input<>(Topics.REQUESTS, new EventTypeCounter(meters, meterPrefix()).handler()));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @DisplayName("report not ready while the broker is down, then ready once it is up and topics exist")
  void readyOnlyWithBroker() throws Exception {
    int kafkaPort = freePort();
    WindowOpsConfig config =
        WindowOpsConfig.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                "SCHEMA_REGISTRY_URL", SharedRegistry.url(),
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", "0",
                "KAFKA_RECONNECT_BACKOFF_MAX_MS", "500"));
    vertx = Vertx.vertx();
    ProbeService service = new ProbeService(config);
    vertx.deployVerticle(service).toCompletionStage().toCompletableFuture().get();
    String base = "http://127.0.0.1:" + service.httpPort();

    assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> notReady = get(base + "/health/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"kafka\"").contains("DOWN");

    broker = EmbeddedKafkaBroker.start(brokerDir, kafkaPort);

    await("the service becomes ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> get(base + "/health/ready").statusCode() == 200);
    assertThat(get(base + "/health/ready").body()).contains("\"outcome\":\"UP\"").doesNotContain("DOWN");
    HttpResponse<String> metrics = get(base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
