package io.windowops.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.windowops.events.CancelStep;
import io.windowops.events.CompensateStep;
import io.windowops.events.CompensationSpec;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compensations on a real broker: a CancelStep of kind COMPENSATION stops a compensation (the saga
 * sends it when one is overdue), and an idempotent-only compensation (the step's effect is
 * unknown) runs only when the catalog declares its action idempotent.
 */
@DisplayName("Compensations on a real broker")
class CompensationGuardsIT {

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<StepResultEnvelope> results = new ArrayList<>();
  private Vertx vertx;
  private KafkaProducer<String, SpecificRecord> producer;
  private KafkaConsumer<String, StepResultEnvelope> consumer;
  private Path catalog;

  @BeforeEach
  void setUp() throws Exception {
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, """
        actions:
          note:
            type: command
            params:
              file: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'echo undone >> "$1"', sh, '{{file}}']
          set-note:
            type: command
            idempotent: true
            params:
              file: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'echo undone > "$1"', sh, '{{file}}']
          block:
            type: command
            params:
              pidFile: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'sleep 300 & echo $! > "$1"; sleep 300', sh, '{{pidFile}}']
        """);
    WindowOpsConfig config = config("compensations-" + run);
    producer = new KafkaProducer<>(KafkaClientSettings.producer(config, "test-" + run), new StringSerializer(),
        new AvroSerializer<>(SharedRegistry.client()));
    consumer = new KafkaConsumer<>(KafkaClientSettings.consumer(config, "test-" + run, "test-" + run),
        new StringDeserializer(), new AvroDeserializer<>(SharedRegistry.client(), StepResultEnvelope.class));
    vertx = Vertx.vertx();
    ExecutorVerticle executor = new ExecutorVerticle(config);
    vertx.deployVerticle(executor).await(30, TimeUnit.SECONDS);
    executor.awaitReady(Duration.ofSeconds(60));
    consumer.subscribe(List.of(Topics.STEP_RESULTS.name()));
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    producer.close();
    consumer.close();
  }

  private WindowOpsConfig config(String instance) {
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(ExecutorVerticle.CATALOG, catalog.toString());
    return WindowOpsConfig.of(settings);
  }

  private static EventMetadata meta(String windowId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setWindowId(windowId)
        .setOccurredAt(Instant.now())
        .setActor("scheduler")
        .build();
  }

  private void compensate(String windowId, String stepId, String action, Map<String, String> params, boolean idempotentOnly)
      throws Exception {
    send(new StepCommandEnvelope(meta(windowId), CompensateStep.newBuilder().setStepId(stepId).setAttempt(1)
        .setCompensation(new CompensationSpec(action, params)).setTimeoutSeconds(600).setEnvironment("staging")
        .setServices(List.of("api")).setIdempotentOnly(idempotentOnly).build()));
  }

  private void send(StepCommandEnvelope command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.STEPS.name(), command.getMetadata().getWindowId(), command)).get();
  }

  private StepOutcome awaitOutcome(String windowId, String stepId, StepStatus status) {
    await(windowId + " " + stepId + " compensation " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> outcomes(windowId, stepId).stream().anyMatch(o -> o.getStatus() == status));
    return outcomes(windowId, stepId).stream().filter(o -> o.getStatus() == status).findFirst().orElseThrow();
  }

  private List<StepOutcome> outcomes(String windowId, String stepId) {
    consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
    return results.stream()
        .filter(e -> e.getMetadata().getWindowId().equals(windowId))
        .map(e -> (StepOutcome) e.getPayload())
        .filter(o -> o.getStepId().equals(stepId) && o.getKind() == ExecutionKind.COMPENSATION)
        .toList();
  }

  private List<StepStatus> statuses(String windowId, String stepId) {
    return outcomes(windowId, stepId).stream().map(StepOutcome::getStatus).toList();
  }

  @Test
  @DisplayName("a CancelStep of kind COMPENSATION kills a running compensation's process tree: INTERRUPTED")
  void cancelsACompensation() throws Exception {
    String window = "MNT-COMP-" + run + "-1";
    Path pidFile = dir.resolve("block.pid");
    compensate(window, "upgrade", "block", Map.of("pidFile", pidFile.toString()), false);
    awaitOutcome(window, "upgrade", StepStatus.STARTED);
    await("the compensation runs").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).trim());

    send(new StepCommandEnvelope(meta(window),
        new CancelStep("upgrade", 1, "COMPENSATION_TIMEOUT: no compensation outcome within 660s", ExecutionKind.COMPENSATION)));
    StepOutcome interrupted = awaitOutcome(window, "upgrade", StepStatus.INTERRUPTED);
    assertThat(interrupted.getError()).isEqualTo("cancelled: COMPENSATION_TIMEOUT: no compensation outcome within 660s");
    await("the background child is dead").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    assertThat(statuses(window, "upgrade")).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("an idempotent-only compensation of a non-idempotent action fails naming why and never runs; an idempotent one runs")
  void idempotentOnly() throws Exception {
    String window = "MNT-COMP-" + run + "-2";
    Path refused = dir.resolve("refused.txt");
    Path undone = dir.resolve("undone.txt");
    compensate(window, "upgrade", "note", Map.of("file", refused.toString()), true);
    compensate(window, "drain", "set-note", Map.of("file", undone.toString()), true);

    StepOutcome failed = awaitOutcome(window, "upgrade", StepStatus.FAILED);
    awaitOutcome(window, "drain", StepStatus.SUCCEEDED);
    assertThat(failed.getError()).contains("effect of step upgrade is unknown").contains("does not declare note idempotent");
    assertThat(statuses(window, "upgrade")).as("never started").containsExactly(StepStatus.FAILED);
    assertThat(refused).doesNotExist();
    assertThat(Files.readAllLines(undone)).containsExactly("undone");
  }
}
