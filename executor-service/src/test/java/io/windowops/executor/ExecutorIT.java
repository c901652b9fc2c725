package io.windowops.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.ExecutionRecord;
import io.windowops.events.ExecutionState;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStatus;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

@DisplayName("The executor on a real broker")
class ExecutorIT {

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
          append:
            type: command
            params:
              file: {pattern: '/.*'}
            outputs: [line]
            command:
              argv: [/bin/sh, -c, 'echo run >> "$1"; echo "::output line=$(wc -l < "$1")"', sh, '{{file}}']
          noop:
            type: wait
            idempotent: true
            wait: {duration: PT0S}
          block:
            type: command
            params:
              pidFile: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'echo $$ > "$1"; exec sleep 300', sh, '{{pidFile}}']
          block-once:
            type: command
            idempotent: true
            params:
              marker: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'if [ -e "$1" ]; then echo second run; else echo $$ > "$1"; exec sleep 300; fi', sh, '{{marker}}']
        """);
    WindowOpsConfig clients = config("test-" + run);
    producer = new KafkaProducer<>(KafkaClientSettings.producer(clients, "test-" + run), new StringSerializer(),
        new AvroSerializer<>(SharedRegistry.client()));
    consumer = new KafkaConsumer<>(KafkaClientSettings.consumer(clients, "test-" + run, "test-" + run),
        new StringDeserializer(), new AvroDeserializer<>(SharedRegistry.client(), StepResultEnvelope.class));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Vertx v : vertxes) {
      v.close().await(30, TimeUnit.SECONDS);
    }
    producer.close();
    consumer.close();
  }

  private WindowOpsConfig config(String instance) {
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(ExecutorVerticle.CATALOG, catalog.toString());
    return WindowOpsConfig.of(settings);
  }

  /** Starts an executor in a Vert.x of its own, so closing that Vert.x stops it mid-step. */
  private Vertx startExecutor(String instance) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    executor = new ExecutorVerticle(config(instance));
    vertx.deployVerticle(executor).await(30, TimeUnit.SECONDS);
    executor.awaitReady(Duration.ofSeconds(60));
    if (consumer.subscription().isEmpty()) {
      consumer.subscribe(List.of(Topics.STEP_RESULTS.name()));
    }
    return vertx;
  }

  private void stop(Vertx vertx) throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
    vertxes.remove(vertx);
  }

  private StepCommandEnvelope runStep(String windowId, String stepId, String action, Map<String, String> params) {
    StepSpec spec = StepSpec.newBuilder().setStepId(stepId).setAction(action).setParams(params).setTimeoutSeconds(60).build();
    return StepCommandEnvelope.newBuilder()
        .setMetadata(EventMetadata.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setWindowId(windowId)
            .setOccurredAt(Instant.now())
            .setCorrelationId("pipeline-" + run)
            .setActor("scheduler")
            .build())
        .setPayload(RunStep.newBuilder().setStepId(stepId).setAttempt(1).setStep(spec).setEnvironment("staging").build())
        .build();
  }

  private void send(StepCommandEnvelope command) throws Exception {
    producer.send(new ProducerRecord<>(Topics.STEPS.name(), command.getMetadata().getWindowId(), command)).get();
  }

  private StepResultEnvelope awaitOutcome(String windowId, StepStatus status, boolean replayed) {
    return await(windowId + " " + status + (replayed ? " (replayed)" : ""))
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          for (ConsumerRecord<String, StepResultEnvelope> r : consumer.poll(Duration.ofMillis(100))) {
            results.add(r.value());
          }
          return find(windowId, status, replayed);
        }, Optional::isPresent)
        .orElseThrow();
  }

  private Optional<StepResultEnvelope> find(String windowId, StepStatus status, boolean replayed) {
    return results.stream()
        .filter(e -> e.getMetadata().getWindowId().equals(windowId))
        .filter(e -> ((StepOutcome) e.getPayload()).getStatus() == status && ((StepOutcome) e.getPayload()).getReplayed() == replayed)
        .findFirst();
  }

  private static StepOutcome outcome(StepResultEnvelope e) {
    return (StepOutcome) e.getPayload();
  }

  @Test
  @DisplayName("runs a RunStep, publishes STARTED and SUCCEEDED with causation, and answers a redelivery from the ledger without running again")
  void runAndReplay() throws Exception {
    startExecutor("exec-" + run);
    String window = "MNT-IT-" + run + "-1";
    Path file = dir.resolve("ran.txt");
    StepCommandEnvelope command = runStep(window, "append", "append", Map.of("file", file.toString()));
    send(command);

    StepResultEnvelope started = awaitOutcome(window, StepStatus.STARTED, false);
    StepResultEnvelope done = awaitOutcome(window, StepStatus.SUCCEEDED, false);
    assertThat(done.getMetadata().getCausationId()).isEqualTo(command.getMetadata().getEventId());
    assertThat(started.getMetadata().getCausationId()).isEqualTo(command.getMetadata().getEventId());
    assertThat(done.getMetadata().getCorrelationId()).isEqualTo("pipeline-" + run);
    assertThat(done.getMetadata().getEventId()).isEqualTo(UUID.nameUUIDFromBytes(
        ("windowops/step-outcome/" + window + "/append/1/STEP/SUCCEEDED").getBytes(StandardCharsets.UTF_8)).toString());
    assertThat(outcome(done).getExitCode()).isZero();
    assertThat(outcome(done).getOutputs()).containsEntry("line", "1");

    send(command); // redelivered or replayed
    StepResultEnvelope replayed = awaitOutcome(window, StepStatus.SUCCEEDED, true);
    assertThat(replayed.getMetadata().getEventId()).isEqualTo(done.getMetadata().getEventId());
    assertThat(outcome(replayed).getOutputs()).containsEntry("line", "1");
    assertThat(Files.readAllLines(file)).containsExactly("run");

    String metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + executor.httpPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics)
        .containsPattern("windowops_executor_steps_total\\{action=\"append\",kind=\"STEP\",status=\"SUCCEEDED\",?\\} [1-9]")
        .contains("windowops_executor_step_duration_seconds_count{action=\"append\",status=\"SUCCEEDED\"")
        .contains("windowops_executor_running ")
        .contains("windowops_executor_replays_total{action=\"append\"");
  }

  @Test
  @DisplayName("runs many short steps of many windows, each exactly once")
  void manySteps() throws Exception {
    startExecutor("exec-" + run);
    int windows = 50;
    int steps = 4;
    long began = System.nanoTime();
    for (int w = 0; w < windows; w++) {
      for (int s = 0; s < steps; s++) {
        StepCommandEnvelope c = runStep("MNT-LOAD-" + run + "-" + w, "s" + s, "noop", Map.of());
        producer.send(new ProducerRecord<>(Topics.STEPS.name(), c.getMetadata().getWindowId(), c));
      }
    }
    producer.flush();
    await("all steps succeeded").atMost(Duration.ofSeconds(90)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
      return results.stream().filter(e -> e.getMetadata().getWindowId().startsWith("MNT-LOAD-" + run))
          .filter(e -> outcome(e).getStatus() == StepStatus.SUCCEEDED).count() >= windows * steps;
    });
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf("executor: %d noop steps, command to outcome, in %d ms (%.0f steps/s)%n",
        windows * steps, took.toMillis(), windows * steps * 1000.0 / took.toMillis());
    assertThat(results.stream().filter(e -> e.getMetadata().getWindowId().startsWith("MNT-LOAD-" + run))
        .filter(e -> outcome(e).getStatus() == StepStatus.SUCCEEDED)
        .map(e -> e.getMetadata().getEventId()).distinct().count()).isEqualTo(windows * steps);
  }

  @Test
  @DisplayName("fails a step whose parameter is an injection attempt, naming the parameter, without running anything")
  void rejectsInjection() throws Exception {
    startExecutor("exec-" + run);
    String window = "MNT-IT-" + run + "-2";
    send(runStep(window, "evil", "append", Map.of("file", "/tmp/x\n; rm -rf /")));
    StepOutcome failed = outcome(awaitOutcome(window, StepStatus.FAILED, false));
    assertThat(failed.getError()).contains("parameter 'file' of action 'append' must not contain control characters");
    send(runStep(window, "unknown", "format-disk", Map.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
      return results.stream().anyMatch(e -> outcome(e).getStepId().equals("unknown")
          && String.valueOf(outcome(e).getError()).contains("action 'format-disk' is not in the catalog"));
    });
  }

  @Test
  @DisplayName("killed between STARTED and FINISHED: the step's process dies and the restarted executor reports INTERRUPTED, once")
  void interruptedNonIdempotent() throws Exception {
    Vertx first = startExecutor("exec-" + run);
    String window = "MNT-IT-" + run + "-3";
    Path pidFile = dir.resolve("block.pid");
    StepCommandEnvelope command = runStep(window, "block", "block", Map.of("pidFile", pidFile.toString()));
    send(command);
    awaitOutcome(window, StepStatus.STARTED, false);
    await("the step's process runs").atMost(Duration.ofSeconds(20)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    long pid = Long.parseLong(Files.readString(pidFile).trim());

    // The running step does not hold the input: a later command of the same window still runs.
    Path other = dir.resolve("other.txt");
    send(runStep(window, "meanwhile", "append", Map.of("file", other.toString())));
    await("a later step runs while the first still runs").atMost(Duration.ofSeconds(30)).until(() -> {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> results.add(r.value()));
      return results.stream().anyMatch(e -> outcome(e).getStepId().equals("meanwhile") && outcome(e).getStatus() == StepStatus.SUCCEEDED);
    });
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);

    stop(first);
    await("the step's process was killed").atMost(Duration.ofSeconds(20))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));

    startExecutor("exec-" + run);
    StepOutcome interrupted = outcome(awaitOutcome(window, StepStatus.INTERRUPTED, false));
    assertThat(interrupted.getError()).contains("not declared idempotent");
    Files.delete(pidFile);

    send(command); // the redelivered command must not run the action again
    awaitOutcome(window, StepStatus.INTERRUPTED, true);
    assertThat(pidFile).doesNotExist();
  }

  @Test
  @DisplayName("an interrupted idempotent step runs again after the restart and succeeds")
  void interruptedIdempotent() throws Exception {
    Vertx first = startExecutor("exec-" + run);
    String window = "MNT-IT-" + run + "-4";
    Path marker = dir.resolve("once.marker");
    send(runStep(window, "once", "block-once", Map.of("marker", marker.toString())));
    awaitOutcome(window, StepStatus.STARTED, false);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(marker));
    stop(first);

    startExecutor("exec-" + run);
    StepOutcome done = outcome(awaitOutcome(window, StepStatus.SUCCEEDED, false));
    assertThat(done.getOutput()).isEqualTo("second run\n");
  }

  @Test
  @DisplayName("a ledger entry FINISHED whose outcome was never published: the command republishes the recorded outcome and runs nothing")
  void finishedButNotPublished() throws Exception {
    String window = "MNT-IT-" + run + "-5";
    Path file = dir.resolve("never.txt");
    StepCommandEnvelope command = runStep(window, "append", "append", Map.of("file", file.toString()));
    Instant at = Instant.now();
    StepOutcome recorded = StepOutcome.newBuilder()
        .setStepId("append").setKind(ExecutionKind.STEP).setAttempt(1).setAction("append")
        .setStatus(StepStatus.SUCCEEDED).setExitCode(0).setOutput("run\n").setStartedAt(at).setFinishedAt(at)
        .setOutputs(Map.of("line", "7")).build();
    String key = window + "/append/1/STEP";
    ExecutionRecord finished = ExecutionRecord.newBuilder()
        .setExecutionKey(key).setWindowId(window).setStepId("append").setAttempt(1).setKind(ExecutionKind.STEP)
        .setState(ExecutionState.FINISHED).setAction("append").setIdempotent(false)
        .setCommandEventId(command.getMetadata().getEventId()).setExecutorId("crashed-" + run)
        .setStartedAt(at).setOutcome(recorded).build();
    producer.send(new ProducerRecord<>(Topics.EXECUTIONS.name(), key, finished)).get();

    startExecutor("exec-" + run);
    send(command);
    StepOutcome replayed = outcome(awaitOutcome(window, StepStatus.SUCCEEDED, true));
    assertThat(replayed.getOutputs()).containsEntry("line", "7");
    assertThat(file).doesNotExist();
  }
}
