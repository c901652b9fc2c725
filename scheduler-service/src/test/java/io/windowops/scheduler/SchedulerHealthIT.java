package io.windowops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.testkit.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The scheduler's health endpoints")
class SchedulerHealthIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("report the read model and the saga loop as consumers: live, and ready once the saga loop has its partitions")
  void readModelAndSagaLoopAreReported() throws Exception {
    Map<String, String> settings = TestConfig.service("scheduler-health-it-" + UUID.randomUUID());
    settings.put(SchedulerVerticle.POLICY_FILE, "../examples/policies.yaml");
    settings.put(SchedulerVerticle.API_TOKENS_FILE, "../examples/api-tokens.yaml");
    vertx = Vertx.vertx();
    SchedulerVerticle scheduler = new SchedulerVerticle(WindowOpsConfig.of(settings));
    vertx.deployVerticle(scheduler).toCompletionStage().toCompletableFuture().get();
    scheduler.awaitReady(Duration.ofSeconds(90));
    String base = "http://127.0.0.1:" + scheduler.httpPort();

    await("the scheduler is ready").atMost(Duration.ofSeconds(60)).until(() -> get(base + "/health/ready").statusCode() == 200);
    JsonObject consumers = consumers(get(base + "/health/ready").body());
    assertThat(consumers.getJsonObject("read-model").getString("state")).isEqualTo("RUNNING");
    assertThat(consumers.getJsonObject("saga").getString("state")).isEqualTo("RUNNING");
    assertThat(consumers.getJsonObject("read-model").getLong("restarts")).isZero();
    HttpResponse<String> live = get(base + "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(consumers(live.body()).fieldNames()).contains("read-model", "saga");
  }

  private static JsonObject consumers(String body) {
    return new JsonObject(body).getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("consumers"))
        .findFirst()
        .orElseThrow()
        .getJsonObject("data");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
