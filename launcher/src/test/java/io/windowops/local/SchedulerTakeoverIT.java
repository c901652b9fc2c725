package io.windowops.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.scheduler.SchedulerVerticle;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two schedulers share the windows by partition while the executor runs their steps; one
 * scheduler stops in the middle of the windows. The other takes over its partitions from the
 * state topic, every window completes, and no step is requested twice.
 */
@DisplayName("A scheduler stopping mid-window")
class SchedulerTakeoverIT {

  @TempDir Path home;
  private LocalMode local;
  private Vertx second;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    if (local != null) {
      local.close();
    }
  }

  @Test
  @DisplayName("hands its running windows over; all complete and every step is requested once")
  void takeoverMidWindow() throws Exception {
    Path examples = Paths.get("..", "examples").toAbsolutePath().normalize();
    Map<String, String> settings =
        Map.of(
            "WINDOWOPS_POLICY_FILE", examples.resolve("policies.yaml").toString(),
            "WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString(),
            "WINDOWOPS_EXECUTOR_CATALOG", examples.resolve("catalog.yaml").toString(),
            "WINDOWOPS_INSTANCE_ID", "takeover-a-" + UUID.randomUUID());
    local = LocalMode.start(home, LocalMode.Ports.from(0, 0), WindowOpsConfig.of(settings));
    Map<String, String> endpoints =
        local.endpoints().stream().collect(Collectors.toMap(LocalMode.Endpoint::name, LocalMode.Endpoint::address));
    Map<String, String> secondSettings = new HashMap<>(settings);
    secondSettings.put("WINDOWOPS_INSTANCE_ID", "takeover-b-" + UUID.randomUUID());
    secondSettings.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.get("kafka"));
    secondSettings.put("SCHEMA_REGISTRY_URL", endpoints.get("schema-registry"));
    secondSettings.put("HTTP_HOST", "127.0.0.1");
    secondSettings.put("HTTP_PORT", "0");
    WindowOpsConfig secondConfig = WindowOpsConfig.of(secondSettings);
    second = Vertx.vertx();
    SchedulerVerticle b = new SchedulerVerticle(secondConfig);
    second.deployVerticle(b).toCompletionStage().toCompletableFuture().get();
    b.awaitReady(Duration.ofSeconds(90));
    String api = endpoints.get("scheduler");

    // One window per partition, so that each scheduler owns some of them.
    List<String> ids = onePerPartition("MNT-TAKEOVER-" + UUID.randomUUID().toString().substring(0, 6));
    Instant start = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
    for (String id : ids) {
      HttpResponse<String> created = post(api, "/windows", "requester-dev-token", request(id, start).encode());
      assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
    }
    for (String id : ids) {
      assertThat(post(api, "/windows/" + id + "/approve", "incident-dev-token", "{}").statusCode()).isEqualTo(202);
      assertThat(post(api, "/windows/" + id + "/approve", "manager-dev-token", "{}").statusCode()).isEqualTo(202);
    }
    await("every window is running its steps").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> ids.stream().allMatch(id -> "RUNNING".equals(status(api, id))));

    second.close().toCompletionStage().toCompletableFuture().get();
    second = null;

    await("every window completes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> ids.stream().allMatch(id -> "COMPLETED".equals(status(api, id))));

    Map<String, Long> requests = runStepCounts(secondConfig, ids);
    assertThat(requests).as("RunStep commands per window/step/attempt").hasSize(ids.size() * 3);
    assertThat(requests.values()).as("no step requested twice: %s", requests).containsOnly(1L);
  }

  private static List<String> onePerPartition(String prefix) {
    String[] byPartition = new String[Topics.PARTITIONS];
    for (int i = 0, found = 0; found < byPartition.length; i++) {
      String id = prefix + "-" + i;
      int p = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
      if (byPartition[p] == null) {
        byPartition[p] = id;
        found++;
      }
    }
    return List.of(byPartition);
  }

  private static JsonObject request(String id, Instant start) {
    return new JsonObject()
        .put("windowId", id)
        .put("title", "Rotate the resolver's signing key")
        .put("services", new JsonArray().add("svc-" + id.toLowerCase()))
        .put("environment", "development")
        .put("maintenanceType", "EMERGENCY")
        .put("requestedStart", start.toString())
        .put("requestedEnd", start.plus(45, ChronoUnit.MINUTES).toString())
        .put(
            "steps",
            new JsonArray()
                .add(new JsonObject().put("stepId", "prepare").put("action", "noop").put("timeoutSeconds", 30))
                .add(
                    new JsonObject()
                        .put("stepId", "soak")
                        .put("action", "soak")
                        .put("params", new JsonObject().put("duration", "PT6S"))
                        .put("timeoutSeconds", 60))
                .add(new JsonObject().put("stepId", "finish").put("action", "noop").put("timeoutSeconds", 30)));
  }

  private String status(String api, String id) {
    HttpResponse<String> r;
    try {
      r =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/windows/" + id))
                .header("Authorization", "Bearer auditor-dev-token")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return r.statusCode() == 200 ? new JsonObject(r.body()).getString("status") : null;
  }

  private HttpResponse<String> post(String api, String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api + path))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + token)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** RunStep commands on windowops.steps.v1, counted per window/step/attempt. */
  private static Map<String, Long> runStepCounts(WindowOpsConfig config, List<String> ids) {
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, StepCommandEnvelope> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "takeover-reader-" + UUID.randomUUID(), "takeover-reader"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, StepCommandEnvelope.class))) {
      consumer.subscribe(List.of(Topics.STEPS.name()));
      int empty = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (empty < 5 && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(300));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          empty++;
        }
        records.forEach(
            r -> {
              if (ids.contains(r.key()) && r.value().getPayload() instanceof RunStep run) {
                keys.add(r.key() + "/" + run.getStepId() + "#" + run.getAttempt());
              }
            });
      }
    }
    return keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
  }
}
