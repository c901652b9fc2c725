package io.windowops.validator.ledger;

import io.vertx.core.Context;
import io.windowops.events.ValidationProgress;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the progress ledger and decides which validator instance runs which validation: the
 * instances share one consumer group on the ledger, and the owner of a ledger partition runs the
 * validations recorded in it. On assignment a partition is read from its beginning (it is
 * compacted), and only once every assigned partition is caught up does the owner resume or start
 * what it found; on revocation the owner stops those validations first. Runs on a thread of its
 * own (the native consumer is single-threaded) and hands entries to the verticle's context.
 */
public final class ProgressReader {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long REVOKE_WAIT_MS = 10_000;
  private static final long RESTART_DELAY_MS = 1_000;

  /** Called on the verticle's context. */
  public interface Listener {
    /** Entries in ledger order; {@code caughtUp} when every assigned partition has been read. */
    void entries(List<LedgerEntry> entries, boolean caughtUp);

    /**
     * These partitions are no longer ours: stop their validations without reporting. Completes
     * once their last writes are durable, so the next owner reads them.
     */
    io.vertx.core.Future<Void> revoked(Set<Integer> partitions);
  }

  private final Map<String, Object> consumerConfig;
  private final SchemaRegistryClient registry;
  private final Context context;
  private final Listener listener;
  private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private AvroDeserializer<ValidationProgress> deserializer;
  private boolean wasCaughtUp;

  public ProgressReader(
      WindowOpsConfig config, SchemaRegistryClient registry, Context context, Listener listener) {
    this.consumerConfig =
        KafkaClientSettings.consumer(
            config, "windowops-validator-progress", "validator-" + config.instanceId() + "-progress");
    this.registry = registry;
    this.context = context;
    this.listener = listener;
  }

  public void start() {
    consumer = newConsumer();
    deserializer = new AvroDeserializer<>(registry, ValidationProgress.class);
    Thread thread = new Thread(this::run, "validator-progress-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops reading and leaves the group; blocks, so call it off the event loop. */
  public void stop() {
    running = false;
    if (consumer == null) {
      return;
    }
    consumer.wakeup();
    try {
      if (!stopped.await(REVOKE_WAIT_MS + 5_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("Progress reader did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          consume();
        } catch (WakeupException e) {
          // stop() woke us.
        } catch (RuntimeException e) {
          if (!running) {
            break;
          }
          // Leaving the group stops our validations; rejoining reads the ledger afresh.
          LOG.error("Progress reader failed; restarting it in {} ms", RESTART_DELAY_MS, e);
          closeConsumer();
          sleep(RESTART_DELAY_MS);
          consumer = newConsumer();
        }
      }
    } finally {
      closeConsumer();
      stopped.countDown();
    }
  }

  private void consume() {
    consumer.subscribe(List.of(Topics.VALIDATOR_PROGRESS.name()), new Ownership());
    while (running) {
      List<LedgerEntry> batch = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        decode(r, batch);
      }
      catchingUp.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      boolean caughtUp = catchingUp.isEmpty() && !consumer.assignment().isEmpty();
      if (!batch.isEmpty() || caughtUp != wasCaughtUp) {
        wasCaughtUp = caughtUp;
        context.runOnContext(v -> listener.entries(batch, caughtUp));
      }
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private void closeConsumer() {
    catchingUp.clear();
    wasCaughtUp = false;
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("Closing the progress reader: {}", e.toString());
    }
  }

  /**
   * Bad bytes are skipped (they cannot be ours to act on); any other failure, such as the schema
   * registry being unreachable, must not lose an entry, so it fails the reader, which restarts.
   */
  private void decode(ConsumerRecord<String, byte[]> r, List<LedgerEntry> batch) {
    if (r.value() == null || r.key() == null) {
      return;
    }
    try {
      ValidationProgress p = deserializer.deserialize(r.topic(), r.headers(), r.value());
      batch.add(new LedgerEntry(r.key(), r.partition(), p));
    } catch (SerializationException e) {
      LOG.error("Skipping undecodable progress entry {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs inside poll() on the reader thread. */
  private final class Ownership implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      consumer.seekToBeginning(partitions);
      catchingUp.putAll(consumer.endOffsets(partitions));
      wasCaughtUp = false;
      LOG.info("Validator owns progress partitions {}; restoring", partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      partitions.forEach(catchingUp::remove);
      Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(
          v -> {
            try {
              listener.revoked(numbers).onComplete(r -> done.complete(null));
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
      try {
        done.get(REVOKE_WAIT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Validations of revoked partitions {} did not stop in time: {}", numbers, e.toString());
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }
  }
}
