package io.windowops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two scheduler instances split the windows by partition; when one stops, the other restores
 * that instance's windows from the compacted state topic and carries them on, and no window
 * publishes a fact twice.
 */
@DisplayName("Two scheduler instances")
class SchedulerFailoverIT {

  private static final int WINDOWS = 12;

  @Test
  @DisplayName("split the work, and one takes over the other's windows when it stops")
  void takeOver() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> ids = IntStream.range(0, WINDOWS).mapToObj(i -> "MNT-FAILOVER-" + run + "-" + i).toList();
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      SchedulerVerticle a = deploy(first, "a-" + run);
      SchedulerVerticle b = deploy(second, "b-" + run);
      WindowOpsConfig config = config("client-" + run);
      SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
      try (KafkaProducer<String, RequestEnvelope> producer =
          new KafkaProducer<>(KafkaClientSettings.producer(config, "failover-test"), new StringSerializer(), new AvroSerializer<>(registry))) {
        for (int i = 0; i < ids.size(); i++) {
          producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), ids.get(i), request(ids.get(i), i))).get();
        }
        await("all windows wait for approval").atMost(Duration.ofSeconds(60))
            .until(() -> ids.stream().allMatch(id -> status(b, id) == WindowStatus.PENDING_APPROVAL));

        first.close().toCompletionStage().toCompletableFuture().get();

        for (String id : ids) {
          producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), id, approval(id))).get();
        }
      }
      await("the surviving instance schedules every window, including those the other owned")
          .atMost(Duration.ofSeconds(90))
          .until(() -> ids.stream().allMatch(id -> status(b, id) == WindowStatus.SCHEDULED));

      Map<String, List<String>> facts = facts(config, registry, Set.copyOf(ids));
      for (String id : ids) {
        List<String> types = facts.getOrDefault(id, List.of());
        assertThat(types.stream().filter("ApprovalNeeded"::equals).count()).as(id + ": " + types).isEqualTo(1);
        assertThat(types.stream().filter("WindowScheduled"::equals).count()).as(id + ": " + types).isEqualTo(1);
      }
    } finally {
      second.close().toCompletionStage().toCompletableFuture().get();
      first.close();
    }
  }

  private static WindowStatus status(SchedulerVerticle scheduler, String id) {
    return scheduler.readModel().window(id).map(WindowStateSnapshot::getStatus).orElse(null);
  }

  private static SchedulerVerticle deploy(Vertx vertx, String instance) throws Exception {
    SchedulerVerticle scheduler = new SchedulerVerticle(config(instance));
    vertx.deployVerticle(scheduler).toCompletionStage().toCompletableFuture().get();
    scheduler.awaitReady(Duration.ofSeconds(90));
    return scheduler;
  }

  private static WindowOpsConfig config(String instance) {
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(SchedulerVerticle.POLICY_FILE, "../examples/policies.yaml");
    settings.put(SchedulerVerticle.API_TOKENS_FILE, "../examples/api-tokens.yaml");
    return WindowOpsConfig.of(settings);
  }

  private static RequestEnvelope request(String id, int i) {
    Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    return envelope(
        id,
        "deploy-pipeline",
        MaintenanceRequested.newBuilder()
            .setTitle("Rotate a secret " + i)
            .setServices(List.of("svc-" + id.toLowerCase()))
            .setEnvironment("development")
            .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
            .setRequestedStart(start)
            .setRequestedEnd(start.plus(30, ChronoUnit.MINUTES))
            .setSteps(List.of(StepSpec.newBuilder().setStepId("rotate").setAction("secret-rotation").setTimeoutSeconds(60).build()))
            .setRequester("deploy-pipeline")
            .build());
  }

  private static RequestEnvelope approval(String id) {
    return envelope(id, "tess-lead", ApprovalGiven.newBuilder().setApprover("tess-lead").setRole("team-lead").build());
  }

  private static RequestEnvelope envelope(String id, String actor, Object payload) {
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWindowId(id)
                .setOccurredAt(Instant.now())
                .setActor(actor)
                .build())
        .setPayload(payload)
        .build();
  }

  private static Map<String, List<String>> facts(WindowOpsConfig config, SchemaRegistryClient registry, Set<String> ids) {
    Map<String, List<String>> facts = new HashMap<>();
    try (KafkaConsumer<String, WindowEventEnvelope> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "failover-reader-" + UUID.randomUUID(), "failover-reader"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, WindowEventEnvelope.class))) {
      consumer.subscribe(List.of(Topics.WINDOWS.name()));
      int empty = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (empty < 5 && System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(300));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          empty++;
        }
        records.forEach(
            r -> {
              if (ids.contains(r.key())) {
                facts.computeIfAbsent(r.key(), k -> new ArrayList<>())
                    .add(((SpecificRecord) r.value().getPayload()).getSchema().getName());
              }
            });
      }
    }
    return facts;
  }
}
