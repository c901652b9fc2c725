package io.windowops.executor;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.StepStatus;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One executor on the shared test broker, with its own catalog, as the executor's integration
 * tests drive it: step commands in, the step-results topic read back and filtered per window,
 * step (or compensation) and attempt.
 */
final class ExecutorHarness implements AutoCloseable {

  private final List<StepResultEnvelope> results = new ArrayList<>();
  private final Vertx vertx;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final KafkaConsumer<String, StepResultEnvelope> consumer;

  /** Writes {@code catalogYaml} under {@code dir}, starts an executor on it and subscribes to its results. */
  static ExecutorHarness start(Path dir, String instance, String catalogYaml) throws Exception {
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, catalogYaml);
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(ExecutorVerticle.CATALOG, catalog.toString());
    return new ExecutorHarness(WindowOpsConfig.of(settings), instance);
  }

  private ExecutorHarness(WindowOpsConfig config, String instance) throws Exception {
    producer = new KafkaProducer<>(KafkaClientSettings.producer(config, "test-" + instance), new StringSerializer(),
        new AvroSerializer<>(SharedRegistry.client()));
    consumer = new KafkaConsumer<>(KafkaClientSettings.consumer(config, "test-" + instance, "test-" + instance),
        new StringDeserializer(), new AvroDeserializer<>(SharedRegistry.client(), StepResultEnvelope.class));
    vertx = Vertx.vertx();
    ExecutorVerticle executor = new ExecutorVerticle(config);
    vertx.deployVerticle(executor).await(30, TimeUnit.SECONDS);
    executor.awaitReady(Duration.ofSeconds(60));
    consumer.subscribe(List.of(Topics.STEP_RESULTS.name()));
  }

  /** Metadata of a command the scheduler would send for {@code windowId}. */
  static EventMetadata meta(String windowId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setWindowId(windowId)
        .setOccurredAt(Instant.now())
        .setActor("scheduler")
        .build();
  }

  /** A step command on the steps topic, acknowledged. */
  void send(StepCommandEnvelope command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.STEPS.name(), command.getMetadata().getWindowId(), command)).get();
  }

  /** A request (e.g. a global freeze) on the requests topic under {@code key}, acknowledged. */
  void request(String key, Object payload) throws Exception {
    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), key, new RequestEnvelope(meta(key), payload))).get();
  }

  /** Every outcome so far of {@code windowId} that {@code which} selects, in the order published. */
  List<StepOutcome> outcomes(String windowId, Predicate<StepOutcome> which) {
    consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
    return results.stream()
        .filter(e -> e.getMetadata().getWindowId().equals(windowId))
        .map(e -> (StepOutcome) e.getPayload())
        .filter(which)
        .toList();
  }

  /** Waits up to 60 s for an outcome with {@code status} among those {@code which} selects. */
  StepOutcome awaitOutcome(String windowId, Predicate<StepOutcome> which, String what, StepStatus status) {
    await(windowId + " " + what + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> outcomes(windowId, which).stream().anyMatch(o -> o.getStatus() == status));
    return outcomes(windowId, which).stream().filter(o -> o.getStatus() == status).findFirst().orElseThrow();
  }

  List<StepStatus> statuses(String windowId, Predicate<StepOutcome> which) {
    return outcomes(windowId, which).stream().map(StepOutcome::getStatus).toList();
  }

  /** The outcomes of step (or compensation) {@code stepId}. */
  static Predicate<StepOutcome> of(String stepId, ExecutionKind kind) {
    return o -> o.getStepId().equals(stepId) && o.getKind() == kind;
  }

  @Override
  public void close() throws Exception {
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } finally {
      producer.close();
      consumer.close();
    }
  }
}
