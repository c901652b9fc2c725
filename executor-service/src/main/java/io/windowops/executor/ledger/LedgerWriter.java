package io.windowops.executor.ledger;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger entries together with the outcomes they record. FINISHED groups go in one Kafka
 * transaction: a FINISHED entry is never visible without its published outcome, nor the reverse.
 * One thread owns the transactional producer; groups queued meanwhile share a transaction, which
 * keeps throughput up when many short steps finish together. The transactional id is fixed per
 * instance, so a restarted executor fences its predecessor.
 */
public final class LedgerWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int MAX_GROUPS_PER_TRANSACTION = 200;

  private record Group(List<ProducerRecord<String, SpecificRecord>> records, CompletableFuture<Void> done) {}

  private final KafkaProducer<String, SpecificRecord> producer;
  private final KafkaProducer<String, SpecificRecord> plain;
  private final BlockingQueue<Group> queue = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> initialized = new CompletableFuture<>();
  private volatile boolean running = true;
  private final Thread thread;

  public LedgerWriter(WindowOpsConfig config, SchemaRegistryClient registry, String clientId, String transactionalId) {
    this.plain =
        new KafkaProducer<>(
            noLinger(KafkaClientSettings.producer(config, clientId + "-plain")),
            new StringSerializer(),
            new AvroSerializer<>(registry));
    this.producer =
        new KafkaProducer<>(
            noLinger(KafkaClientSettings.transactionalProducer(config, clientId, transactionalId)),
            new StringSerializer(),
            new AvroSerializer<>(registry));
    this.thread = new Thread(this::run, "executor-ledger-writer");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** The command waits for these writes: send at once unless the operator set KAFKA_LINGER_MS. */
  private static Map<String, Object> noLinger(Map<String, Object> settings) {
    settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    return settings;
  }

  /**
   * Writes the records without a transaction (idempotent, acks=all); completes once all are
   * acknowledged. For STARTED: it only has to be durable before the action runs, and a lost
   * STARTED outcome is harmless, so it does not pay for a transaction on the input's hot path.
   */
  public CompletableFuture<Void> writeDurably(List<ProducerRecord<String, SpecificRecord>> records) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (ProducerRecord<String, SpecificRecord> r : records) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      try {
        plain.send(r, (metadata, e) -> {
          if (e == null) {
            ack.complete(null);
          } else {
            ack.completeExceptionally(e);
          }
        });
      } catch (KafkaException e) {
        ack.completeExceptionally(e);
      }
      acks.add(ack);
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  /** Writes the records atomically; completes once committed. */
  public CompletableFuture<Void> write(List<ProducerRecord<String, SpecificRecord>> records) {
    Group group = new Group(records, new CompletableFuture<>());
    if (!running) {
      group.done().completeExceptionally(new IllegalStateException("the ledger writer is closed"));
    } else {
      queue.add(group);
    }
    return group.done();
  }

  private void run() {
    while (running && !initialized.isDone()) {
      try {
        producer.initTransactions();
        initialized.complete(null);
      } catch (KafkaException e) {
        LOG.warn("Cannot initialise the ledger transactions yet: {}", e.toString());
      }
    }
    while (running) {
      List<Group> batch = new ArrayList<>();
      try {
        Group first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_GROUPS_PER_TRANSACTION - 1);
      } catch (InterruptedException e) {
        break;
      }
      commit(batch);
    }
    Group left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the ledger writer closed"));
    }
  }

  private void commit(List<Group> batch) {
    try {
      producer.beginTransaction();
      for (Group g : batch) {
        for (ProducerRecord<String, SpecificRecord> r : g.records()) {
          producer.send(r);
        }
      }
      producer.commitTransaction();
      batch.forEach(g -> g.done().complete(null));
    } catch (ProducerFencedException e) {
      // Another process took over this transactional id: this one must not write any more.
      LOG.error("The ledger writer was fenced by a newer instance; it stops writing", e);
      running = false;
      batch.forEach(g -> g.done().completeExceptionally(e));
    } catch (KafkaException e) {
      LOG.warn("A ledger transaction failed and is aborted: {}", e.toString());
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailure) {
        LOG.warn("Aborting the ledger transaction failed: {}", abortFailure.toString());
      }
      batch.forEach(g -> g.done().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    plain.close(Duration.ofSeconds(5));
  }
}
