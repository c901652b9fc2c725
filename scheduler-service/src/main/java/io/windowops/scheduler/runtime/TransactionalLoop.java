package io.windowops.scheduler.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consume-process-produce loop with exactly-once, in the shape Kafka Streams uses: one thread
 * owns the consumer and the transactional producer, and each polled batch's outputs commit with
 * its offsets in ONE transaction (readers are read_committed). A failure aborts the batch and
 * ends the loop: state kept in memory is no longer what Kafka holds, so the supervisor builds a
 * new loop, which restores its partitions from their changelog. The saga and the admission are
 * such loops; they differ in their topics, their state and what a record does.
 */
abstract class TransactionalLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionalLoop.class);
  private static final Duration POLL = Duration.ofMillis(100);
  /** Longer than the default transaction timeout (60 s), after which the broker aborts a zombie's. */
  private static final Duration STABLE_OFFSETS_WAIT = Duration.ofSeconds(90);

  protected final Consumer<String, byte[]> consumer;
  protected final Producer<String, SpecificRecord> producer;
  private final String name;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean assigned;

  TransactionalLoop(String name, Consumer<String, byte[]> consumer, Producer<String, SpecificRecord> producer) {
    this.name = name;
    this.consumer = consumer;
    this.producer = producer;
  }

  /** The topics consumed. */
  abstract List<String> topics();

  /** Restores newly owned partitions (then calls {@link #assignedNow}) and forgets revoked ones. */
  abstract ConsumerRebalanceListener ownership();

  /** Adds one record's effects to the open transaction. */
  abstract void process(ConsumerRecord<String, byte[]> record);

  /**
   * Waits until no other instance's transaction on these partitions is still open: fetching the
   * committed offsets of a read_committed consumer asks for stable offsets (KIP-447), which the
   * broker withholds until a pending transactional offset commit ends. Only then does the
   * changelog's stable end hold every effect of the batches those offsets cover, so a restore
   * cannot miss a zombie's late commit.
   */
  final void awaitStableOffsets(Collection<TopicPartition> partitions) {
    consumer.committed(new HashSet<>(partitions), STABLE_OFFSETS_WAIT);
  }

  /** After a commit: act on what is now durable (e.g. arm timers). */
  void committed() {}

  /** Checks the topics before subscribing; throwing ends the loop (its health says why). */
  void checkTopics() {}

  /** Releases what else the loop holds, after its clients are closed. */
  void closeOthers() {}

  /** True once the group gave this instance its partitions (it may own none). */
  final boolean assigned() {
    return assigned;
  }

  final void assignedNow() {
    assigned = true;
  }

  @Override
  public final void run() {
    try {
      checkTopics();
      producer.initTransactions();
      consumer.subscribe(topics(), ownership());
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          processInTransaction(records);
        }
      }
    } catch (WakeupException e) {
      // stop() woke the consumer.
    } catch (RuntimeException e) {
      LOG.error("The {} loop failed; its partitions go to another instance", name, e);
    } finally {
      closeQuietly();
      stopped.countDown();
    }
  }

  final void stop() {
    running = false;
    consumer.wakeup();
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void processInTransaction(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    producer.beginTransaction();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        process(record);
        offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
    committed();
  }

  private void closeQuietly() {
    try {
      consumer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("Closing the {} consumer: {}", name, e.toString());
    }
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("Closing the {} producer: {}", name, e.toString());
    }
    closeOthers();
  }
}
