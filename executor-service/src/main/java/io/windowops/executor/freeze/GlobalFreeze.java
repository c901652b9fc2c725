package io.windowops.executor.freeze;

import io.windowops.events.RequestEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.FreezeKey;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global emergency freeze as this process knows it: the partition of {@link Topics#REQUESTS}
 * that holds the {@link FreezeKey#WINDOW_ID} key is read from the beginning ({@link #loaded}
 * completes once its end at start is reached) and then tailed, {@code read_committed}, by a
 * consumer of its own without a group (every executor sees every freeze event). Each change of
 * state after loading is handed to the listener, on this reader's thread; read {@link #state}
 * once loaded for the state at start.
 *
 * <p>The requests topic is a delete-retention topic: a FreezeAll older than its retention is
 * gone at the next start, so a freeze meant to outlast the retention must be re-issued.
 */
public final class GlobalFreeze implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalFreeze.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final CompletableFuture<Void> loaded = new CompletableFuture<>();
  private final KafkaConsumer<String, RequestEnvelope> consumer;
  private final Consumer<FreezeState> listener;
  private volatile FreezeState state = FreezeState.LIFTED;
  private volatile boolean running = true;
  private Thread thread;

  public GlobalFreeze(WindowOpsConfig config, SchemaRegistryClient registry, String clientId, Consumer<FreezeState> listener) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, clientId, clientId);
    // One partition assigned by hand, offsets never committed: the group is never used.
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry, RequestEnvelope.class));
    this.listener = listener;
  }

  /** The partition Kafka's default partitioner gives {@code key} among {@code partitions}. */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  public void start() {
    thread = new Thread(this::run, "executor-global-freeze");
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes when every freeze event present at start has been read. */
  public CompletableFuture<Void> loaded() {
    return loaded;
  }

  public FreezeState state() {
    return state;
  }

  private void run() {
    try {
      TopicPartition partition = partition();
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      LOG.info("Reading the global freeze from {} (key {})", partition, FreezeKey.WINDOW_ID);
      while (running) {
        try {
          for (ConsumerRecord<String, RequestEnvelope> r : consumer.poll(POLL)) {
            apply(r.key(), r.value());
          }
        } catch (RecordDeserializationException e) {
          // The partition also holds other windows' requests; one nobody can read is not ours to stop on.
          LOG.warn("Skipping unreadable request {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
          continue;
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          LOG.warn("Reading the global freeze failed ({}); retrying", e.toString());
          sleep(1_000);
          continue;
        }
        if (!loaded.isDone() && consumer.position(partition) >= end) {
          FreezeState s = state;
          if (s.frozen()) {
            LOG.warn("Global freeze loaded: FROZEN since {} by {} ({}); no new step starts until an Unfreeze", s.since(), s.operator(), s.reason());
          } else {
            LOG.info("Global freeze loaded: not frozen");
          }
          loaded.complete(null);
        }
      }
    } catch (WakeupException e) {
      // close() woke us
    } catch (RuntimeException e) {
      LOG.error("The global freeze reader stopped", e);
      loaded.completeExceptionally(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void apply(String key, RequestEnvelope event) {
    FreezeState before = state;
    FreezeState after = before.after(key, event);
    if (after == before) {
      return;
    }
    state = after;
    // History read while loading is summed up once loaded; only live changes are announced.
    if (loaded.isDone() && after.frozen() != before.frozen()) {
      LOG.warn("Global freeze {} by {}: {}", after.frozen() ? "SET" : "LIFTED", after.operator(), after.reason());
      listener.accept(after);
    }
  }

  /** Waits for the topic to exist (the service creates it at start). */
  private TopicPartition partition() {
    while (running) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(Topics.REQUESTS.name(), Duration.ofSeconds(5));
      } catch (TimeoutException e) {
        infos = null; // broker not reachable yet
      }
      if (infos != null && !infos.isEmpty()) {
        return new TopicPartition(Topics.REQUESTS.name(), partitionOf(FreezeKey.WINDOW_ID, infos.size()));
      }
      sleep(500);
    }
    throw new WakeupException();
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
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
