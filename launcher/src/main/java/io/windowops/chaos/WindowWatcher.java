package io.windowops.chaos;

import io.windowops.events.CommandRejected;
import io.windowops.events.NoticeDue;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepSucceeded;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.ExecutionKind;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code windowops.windows.v1} (committed records only, no consumer group): for every
 * window of the run, its terminal fact, the steps that succeeded and the notices that fell due.
 * These are what the system says happened; the sink and the receiver say what really happened.
 */
final class WindowWatcher implements AutoCloseable {

  /** What the windows topic says about one window. */
  static final class Facts {
    volatile String terminal;
    /** Why the window rolled back or was missed, if it was. */
    volatile String rollbackCause;
    final Set<String> succeededSteps = ConcurrentHashMap.newKeySet();
    final Set<String> notices = ConcurrentHashMap.newKeySet();
    /** Refused commands, as {@code CODE: message}. */
    final Set<String> rejections = ConcurrentHashMap.newKeySet();
  }

  private final KafkaConsumer<String, WindowEventEnvelope> consumer;
  private final String prefix;
  private final Map<String, Facts> windows = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  WindowWatcher(WindowOpsConfig config, String prefix) {
    this.prefix = prefix;
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    this.consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "unused-chaos-watcher", "chaos-watcher"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, WindowEventEnvelope.class));
    List<TopicPartition> partitions = new java.util.ArrayList<>();
    for (int p = 0; p < Topics.PARTITIONS; p++) {
      partitions.add(new TopicPartition(Topics.WINDOWS.name(), p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "chaos-window-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  Optional<Facts> facts(String windowId) {
    return Optional.ofNullable(windows.get(windowId));
  }

  private void run() {
    try {
      while (running) {
        try {
          for (ConsumerRecord<String, WindowEventEnvelope> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() != null && r.key().startsWith(prefix) && r.value() != null) {
              Facts f = windows.computeIfAbsent(r.key(), k -> new Facts());
              apply(f, r.value().getPayload());
              if (r.value().getPayload() instanceof CommandRejected rejected) {
                rejected.getViolations().forEach(v -> f.rejections.add(v.getCode() + ": " + v.getMessage()));
              }
            }
          }
        } catch (RecordDeserializationException e) {
          // Not a window event (the fuzz test writes such records); the services park it in the DLQ.
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException stopping) {
      // closed
    } finally {
      consumer.close();
    }
  }

  private static void apply(Facts f, Object payload) {
    if (payload instanceof StepSucceeded s && s.getKind() == ExecutionKind.STEP) {
      f.succeededSteps.add(s.getStepId());
    } else if (payload instanceof RollbackStarted r) {
      f.rollbackCause = r.getCause() + ": " + r.getDetail();
    } else if (payload instanceof NoticeDue n) {
      f.notices.add(n.getNoticeId());
    } else if (payload instanceof WindowCompleted) {
      f.terminal = "COMPLETED";
    } else if (payload instanceof WindowRolledBack) {
      f.terminal = "ROLLED_BACK";
    } else if (payload instanceof WindowRollbackFailed) {
      f.terminal = "ROLLBACK_FAILED";
    } else if (payload instanceof WindowFailed) {
      f.terminal = "FAILED";
    } else if (payload instanceof WindowCancelled) {
      f.terminal = "CANCELLED";
    } else if (payload instanceof WindowMissed m) {
      f.rollbackCause = "missed: " + m.getReason();
      f.terminal = "MISSED";
    } else if (payload instanceof WindowRejected) {
      f.terminal = "REJECTED";
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
