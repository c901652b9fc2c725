package io.windowops.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Vertx;
import io.windowops.events.CancelStep;
import io.windowops.events.CompensateStep;
import io.windowops.events.CompensationSpec;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.FreezeAll;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStatus;
import io.windowops.events.Unfreeze;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.metrics.Meters;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.FreezeKey;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** The global emergency freeze on a real broker. Every test lifts the freeze it set, whatever happens. */
@DisplayName("The global emergency freeze on a real broker")
class GlobalFreezeIT {

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<StepResultEnvelope> results = new ArrayList<>();
  private KafkaProducer<String, SpecificRecord> producer;
  private KafkaConsumer<String, StepResultEnvelope> consumer;
  private Path catalog;
  private ExecutorVerticle executor;

  @BeforeEach
  void setUp() throws Exception {
    catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, """
        actions:
          note:
            type: command
            params:
              file: {pattern: '/.*'}
              text: {pattern: '[a-z0-9-]+'}
            command:
              argv: [/bin/sh, -c, 'echo "$2" >> "$1"', sh, '{{file}}', '{{text}}']
        """);
    WindowOpsConfig clients = config("test-" + run);
    producer = new KafkaProducer<>(KafkaClientSettings.producer(clients, "test-" + run), new StringSerializer(),
        new AvroSerializer<>(SharedRegistry.client()));
    consumer = new KafkaConsumer<>(KafkaClientSettings.consumer(clients, "test-" + run, "test-" + run),
        new StringDeserializer(), new AvroDeserializer<>(SharedRegistry.client(), StepResultEnvelope.class));
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      freezeEvent(new Unfreeze("test over", "user:it")); // other tests share the broker and its freeze
    } finally {
      for (Vertx v : vertxes) {
        v.close().await(30, TimeUnit.SECONDS);
      }
      producer.close();
      consumer.close();
    }
  }

  private WindowOpsConfig config(String instance) {
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(ExecutorVerticle.CATALOG, catalog.toString());
    return WindowOpsConfig.of(settings);
  }

  private void startExecutor(String instance) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    executor = new ExecutorVerticle(config(instance));
    vertx.deployVerticle(executor).await(30, TimeUnit.SECONDS);
    executor.awaitReady(Duration.ofSeconds(60));
    if (consumer.subscription().isEmpty()) {
      consumer.subscribe(List.of(Topics.STEP_RESULTS.name()));
    }
  }

  private void freezeEvent(Object payload) throws Exception {
    EventMetadata meta = EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setWindowId(FreezeKey.WINDOW_ID)
        .setOccurredAt(Instant.now())
        .setActor("user:it")
        .build();
    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), FreezeKey.WINDOW_ID, new RequestEnvelope(meta, payload))).get();
  }

  private static EventMetadata meta(String windowId) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setWindowId(windowId)
        .setOccurredAt(Instant.now())
        .setActor("scheduler")
        .build();
  }

  private void runStep(String windowId, String stepId, Path file) throws Exception {
    StepSpec spec = StepSpec.newBuilder().setStepId(stepId).setAction("note")
        .setParams(Map.of("file", file.toString(), "text", stepId)).setTimeoutSeconds(60).setService("api").build();
    send(new StepCommandEnvelope(meta(windowId),
        RunStep.newBuilder().setStepId(stepId).setAttempt(1).setStep(spec).setEnvironment("staging").build()));
  }

  private void compensate(String windowId, String stepId, Path file) throws Exception {
    CompensationSpec spec = CompensationSpec.newBuilder().setAction("note").setParams(Map.of("file", file.toString(), "text", "undo-" + stepId)).build();
    send(new StepCommandEnvelope(meta(windowId), CompensateStep.newBuilder().setStepId(stepId).setAttempt(1)
        .setCompensation(spec).setTimeoutSeconds(60).setEnvironment("staging").setServices(List.of("api")).build()));
  }

  private void send(StepCommandEnvelope command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.STEPS.name(), command.getMetadata().getWindowId(), command)).get();
  }

  private void awaitOutcome(String windowId, String stepId, ExecutionKind kind, StepStatus status) {
    await(windowId + " " + stepId + " " + kind + " " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
          return !outcomes(windowId, stepId, kind).stream().filter(s -> s == status).toList().isEmpty();
        });
  }

  private List<StepStatus> outcomes(String windowId, String stepId, ExecutionKind kind) {
    consumer.poll(Duration.ZERO).forEach(r -> results.add(r.value()));
    return results.stream()
        .filter(e -> e.getMetadata().getWindowId().equals(windowId))
        .map(e -> (StepOutcome) e.getPayload())
        .filter(o -> o.getStepId().equals(stepId) && o.getKind() == kind)
        .map(StepOutcome::getStatus)
        .toList();
  }

  private static double gauge(String name) {
    Gauge g = Meters.registry().find(name).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  @DisplayName("FreezeAll holds new steps after STARTED while compensations run; Unfreeze starts the held steps in order and they succeed")
  void holdAndRelease() throws Exception {
    startExecutor("freeze-" + run);
    String window = "MNT-FREEZE-" + run + "-1";
    Path steps = dir.resolve("steps.txt");
    Path undo = dir.resolve("undo.txt");

    freezeEvent(new FreezeAll("INC-" + run, "user:alice"));
    await("the executor is frozen").atMost(Duration.ofSeconds(30)).until(() -> gauge("windowops.executor.frozen") == 1.0);

    runStep(window, "first", steps);
    runStep(window, "second", steps);
    awaitOutcome(window, "first", ExecutionKind.STEP, StepStatus.STARTED);
    awaitOutcome(window, "second", ExecutionKind.STEP, StepStatus.STARTED);
    // Another window rolling back: its compensation is not held by the freeze.
    String rollingBack = "MNT-FREEZE-" + run + "-other";
    compensate(rollingBack, "earlier", undo);
    awaitOutcome(rollingBack, "earlier", ExecutionKind.COMPENSATION, StepStatus.SUCCEEDED);

    // The compensation has run while both steps stay held.
    assertThat(Files.readAllLines(undo)).containsExactly("undo-earlier");
    assertThat(steps).doesNotExist();
    assertThat(outcomes(window, "first", ExecutionKind.STEP)).containsExactly(StepStatus.STARTED);
    assertThat(outcomes(window, "second", ExecutionKind.STEP)).containsExactly(StepStatus.STARTED);
    assertThat(gauge("windowops.executor.held")).isEqualTo(2.0);
    assertThat(gauge("windowops.executor.running")).isZero();
    String metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + executor.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("windowops_executor_frozen 1.0").contains("windowops_executor_held 2.0");

    freezeEvent(new Unfreeze("INC-" + run + " resolved", "user:alice"));
    awaitOutcome(window, "first", ExecutionKind.STEP, StepStatus.SUCCEEDED);
    awaitOutcome(window, "second", ExecutionKind.STEP, StepStatus.SUCCEEDED);
    assertThat(Files.readAllLines(steps)).containsExactly("first", "second");
    assertThat(gauge("windowops.executor.frozen")).isZero();
    assertThat(gauge("windowops.executor.held")).isZero();
  }

  @Test
  @DisplayName("a window that starts compensating withdraws its own held steps: they never run after the rollback")
  void rollbackWithdrawsHeldSteps() throws Exception {
    startExecutor("freeze-withdraw-" + run);
    String window = "MNT-FREEZE-" + run + "-3";
    Path steps = dir.resolve("withdrawn.txt");
    Path undo = dir.resolve("withdrawn-undo.txt");
    freezeEvent(new FreezeAll("INC-" + run, "user:alice"));
    await("the executor is frozen").atMost(Duration.ofSeconds(30)).until(() -> gauge("windowops.executor.frozen") == 1.0);

    runStep(window, "risky", steps);
    awaitOutcome(window, "risky", ExecutionKind.STEP, StepStatus.STARTED);
    // The saga gave up on the held step (its timeout) and compensates the steps done before it.
    compensate(window, "earlier", undo);
    awaitOutcome(window, "earlier", ExecutionKind.COMPENSATION, StepStatus.SUCCEEDED);
    awaitOutcome(window, "risky", ExecutionKind.STEP, StepStatus.INTERRUPTED);

    freezeEvent(new Unfreeze("resolved", "user:alice"));
    String probeWindow = "MNT-FREEZE-" + run + "-4";
    runStep(probeWindow, "probe", dir.resolve("probe.txt"));
    awaitOutcome(probeWindow, "probe", ExecutionKind.STEP, StepStatus.SUCCEEDED);
    assertThat(steps).as("the withdrawn step never ran").doesNotExist();
    assertThat(outcomes(window, "risky", ExecutionKind.STEP)).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("a CancelStep withdraws a held step: INTERRUPTED \"cancelled: <reason>\", and it never runs after Unfreeze")
  void cancelWithdrawsHeldStep() throws Exception {
    startExecutor("freeze-cancel-" + run);
    String window = "MNT-FREEZE-" + run + "-5";
    Path steps = dir.resolve("cancelled.txt");
    freezeEvent(new FreezeAll("INC-" + run, "user:alice"));
    await("the executor is frozen").atMost(Duration.ofSeconds(30)).until(() -> gauge("windowops.executor.frozen") == 1.0);

    runStep(window, "held", steps);
    awaitOutcome(window, "held", ExecutionKind.STEP, StepStatus.STARTED);
    await("the step is held").atMost(Duration.ofSeconds(10)).until(() -> gauge("windowops.executor.held") == 1.0);
    send(new StepCommandEnvelope(meta(window), new CancelStep("held", 1, "ABORTED: operator abort", ExecutionKind.STEP)));
    awaitOutcome(window, "held", ExecutionKind.STEP, StepStatus.INTERRUPTED);
    assertThat(gauge("windowops.executor.held")).isZero();
    StepOutcome interrupted = results.stream().map(e -> (StepOutcome) e.getPayload())
        .filter(o -> o.getStepId().equals("held") && o.getStatus() == StepStatus.INTERRUPTED).findFirst().orElseThrow();
    assertThat(interrupted.getError()).isEqualTo("cancelled: ABORTED: operator abort");

    freezeEvent(new Unfreeze("resolved", "user:alice"));
    String probeWindow = "MNT-FREEZE-" + run + "-6";
    runStep(probeWindow, "probe", dir.resolve("probe.txt"));
    awaitOutcome(probeWindow, "probe", ExecutionKind.STEP, StepStatus.SUCCEEDED);
    assertThat(steps).as("the cancelled step never ran").doesNotExist();
    assertThat(outcomes(window, "held", ExecutionKind.STEP)).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("an executor started while frozen loads the freeze before it is ready and holds steps until Unfreeze")
  void startsFrozen() throws Exception {
    freezeEvent(new FreezeAll("INC-" + run, "user:alice"));
    startExecutor("freeze-late-" + run);
    assertThat(gauge("windowops.executor.frozen")).as("frozen as soon as ready").isEqualTo(1.0);

    String window = "MNT-FREEZE-" + run + "-2";
    Path steps = dir.resolve("late.txt");
    runStep(window, "late", steps);
    awaitOutcome(window, "late", ExecutionKind.STEP, StepStatus.STARTED);
    await("the step is held").atMost(Duration.ofSeconds(10)).until(() -> gauge("windowops.executor.held") == 1.0);
    assertThat(steps).doesNotExist();

    freezeEvent(new Unfreeze("resolved", "user:alice"));
    awaitOutcome(window, "late", ExecutionKind.STEP, StepStatus.SUCCEEDED);
    assertThat(Files.readAllLines(steps)).containsExactly("late");
  }
}
