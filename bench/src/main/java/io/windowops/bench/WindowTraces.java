package io.windowops.bench;

import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches what the scheduler commits (read_committed, like every WindowOps reader) and keeps, per
 * window, the broker timestamps of its events: each RunStep, WindowScheduled, WindowOpened and its
 * end. A record's timestamp is set by the scheduler's producer when the saga decided it, on this
 * JVM's clock, so differences between them are the scheduler's own timeline.
 */
final class WindowTraces implements AutoCloseable {

  /** One window's timeline; times are epoch milliseconds, -1 until seen. */
  static final class Trace {
    final List<Long> runSteps = new ArrayList<>();
    volatile long scheduled = -1;
    volatile long opened = -1;
    volatile long ended = -1;
    volatile String end;

    synchronized List<Long> runStepTimes() {
      return List.copyOf(runSteps);
    }
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final AvroDeserializer<StepCommandEnvelope> steps;
  private final AvroDeserializer<WindowEventEnvelope> windows;
  private final Map<String, Trace> traces = new ConcurrentHashMap<>();
  private final LongAdder runStepBytes = new LongAdder();
  private final LongAdder runStepCount = new LongAdder();
  private final LongAdder outcomeBytes = new LongAdder();
  private final LongAdder outcomeCount = new LongAdder();
  private final Thread thread;
  private volatile boolean running = true;

  WindowTraces(WindowOpsConfig config) {
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    this.consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, null, "bench-traces"), new StringDeserializer(), new ByteArrayDeserializer());
    this.steps = new AvroDeserializer<>(registry, StepCommandEnvelope.class);
    this.windows = new AvroDeserializer<>(registry, WindowEventEnvelope.class);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.STEPS.name(), Topics.WINDOWS.name(), Topics.STEP_RESULTS.name())) {
      for (int p = 0; p < Topics.PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now: only what follows is traced
    this.thread = new Thread(this::run, "bench-traces");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.topic().equals(Topics.STEPS.name())) {
            onStepCommand(r);
          } else if (r.topic().equals(Topics.WINDOWS.name())) {
            onWindowEvent(r);
          } else {
            outcomeBytes.add(r.serializedValueSize());
            outcomeCount.increment();
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void onStepCommand(ConsumerRecord<String, byte[]> r) {
    StepCommandEnvelope command = steps.deserialize(r.topic(), r.headers(), r.value());
    if (command.getPayload() instanceof RunStep) {
      runStepBytes.add(r.serializedValueSize());
      runStepCount.increment();
      Trace t = trace(r.key());
      synchronized (t) {
        t.runSteps.add(r.timestamp());
      }
    }
  }

  private void onWindowEvent(ConsumerRecord<String, byte[]> r) {
    Object payload = windows.deserialize(r.topic(), r.headers(), r.value()).getPayload();
    Trace t = trace(r.key());
    if (payload instanceof WindowScheduled) {
      t.scheduled = r.timestamp();
    } else if (payload instanceof WindowOpened) {
      t.opened = r.timestamp();
    } else if (payload instanceof WindowCompleted
        || payload instanceof WindowFailed
        || payload instanceof WindowRolledBack
        || payload instanceof WindowMissed
        || payload instanceof WindowRejected) {
      t.end = payload.getClass().getSimpleName();
      t.ended = r.timestamp();
    }
  }

  private Trace trace(String windowId) {
    return traces.computeIfAbsent(windowId, id -> new Trace());
  }

  Trace get(String windowId) {
    return traces.get(windowId);
  }

  /** Waits until {@code condition} holds for every one of {@code windowIds}; false on timeout. */
  boolean await(List<String> windowIds, Predicate<Trace> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (count(windowIds, condition) == windowIds.size()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  long count(List<String> windowIds, Predicate<Trace> condition) {
    return windowIds.stream().map(traces::get).filter(t -> t != null && condition.test(t)).count();
  }

  /** Mean serialized size of the RunStep values seen (the Confluent wire format, schema id included). */
  int runStepSize() {
    return (int) (runStepBytes.sum() / Math.max(1, runStepCount.sum()));
  }

  int outcomeSize() {
    return (int) (outcomeBytes.sum() / Math.max(1, outcomeCount.sum()));
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
