package io.windowops.executor.ledger;

import io.windowops.events.ExecutionKind;
import io.windowops.events.ExecutionRecord;
import io.windowops.events.ExecutionState;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution ledger as this process knows it: every entry of the compacted executions topic,
 * read from the beginning at start ({@link #loaded} completes once the end is reached) and then
 * tailed, so entries written by other instances arrive too. Reads are {@code read_committed}: only
 * entries whose transaction (entry plus published outcome) committed are seen. A FINISHED entry
 * is never replaced by a STARTED one.
 */
public final class ExecutionLedger implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutionLedger.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, ExecutionRecord> entries = new ConcurrentHashMap<>();
  /** Highest attempt known per windowId/stepId/kind: the fence below which no attempt runs. */
  private final Map<String, Integer> latestAttempts = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final KafkaConsumer<String, ExecutionRecord> consumer;
  private volatile boolean running = true;
  private Thread thread;

  public ExecutionLedger(WindowOpsConfig config, SchemaRegistryClient registry, String clientId) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, clientId, clientId);
    // Partitions are assigned by hand and offsets never committed: the group is never used.
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(
            settings,
            new StringDeserializer(),
            new AvroDeserializer<>(registry, ExecutionRecord.class));
  }

  public void start() {
    thread = new Thread(this::run, "executor-ledger");
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes when every entry present at start has been read. */
  public CompletableFuture<Void> loaded() {
    return loaded;
  }

  public Optional<ExecutionRecord> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  public int size() {
    return entries.size();
  }

  /**
   * The highest attempt of the step's action (or compensation) this ledger has seen, by any
   * instance; 0 when none. Once attempt N+1 is known, attempt N never runs (again).
   */
  public int latestAttempt(String windowId, String stepId, ExecutionKind kind) {
    return latestAttempts.getOrDefault(windowId + "/" + stepId + "/" + kind, 0);
  }

  /** Entries STARTED by {@code executorId} and never FINISHED: runs interrupted by a crash. */
  public List<ExecutionRecord> unfinished(String executorId) {
    return entries.values().stream()
        .filter(e -> e.getState() == ExecutionState.STARTED && e.getExecutorId().equals(executorId))
        .toList();
  }

  /** Applies an entry this process wrote and saw acknowledged (the tail will bring it too). */
  public void apply(ExecutionRecord entry) {
    latestAttempts.merge(entry.getWindowId() + "/" + entry.getStepId() + "/" + entry.getKind(), entry.getAttempt(), Math::max);
    entries.merge(
        entry.getExecutionKey(),
        entry,
        (old, neu) ->
            old.getState() == ExecutionState.FINISHED && neu.getState() == ExecutionState.STARTED ? old : neu);
  }

  private void run() {
    try {
      List<TopicPartition> partitions = partitions();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        try {
          for (ConsumerRecord<String, ExecutionRecord> r : consumer.poll(POLL)) {
            if (r.value() == null) {
              entries.remove(r.key());
            } else {
              apply(r.value());
            }
          }
        } catch (RecordDeserializationException e) {
          // A ledger entry nobody can read must not stop the executor: skip it, loudly.
          LOG.error("Skipping unreadable ledger entry {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
          continue;
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          LOG.warn("Reading the execution ledger failed ({}); retrying", e.toString());
          pause();
          continue;
        }
        if (!loaded.isDone() && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          LOG.info("Execution ledger loaded: {} entries", entries.size());
          loaded.complete(null);
        }
      }
    } catch (WakeupException e) {
      // close() woke us
    } catch (RuntimeException e) {
      LOG.error("The execution ledger stopped reading", e);
      loaded.completeExceptionally(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }

  /** Waits for the topic to exist (the service creates it at start). */
  private List<TopicPartition> partitions() {
    while (running) {
      List<PartitionInfo> infos = consumer.partitionsFor(Topics.EXECUTIONS.name(), Duration.ofSeconds(5));
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      }
    }
    throw new WakeupException();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
