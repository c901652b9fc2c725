package io.windowops.platform.kafka;

import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one or more topics from its beginning and keeps following them
 * (committed records only, no consumer group), handing each record to a sink on its own
 * supervised thread. {@link
 * #catchUp()} completes once everything committed before the call has been handed over: what a
 * reader of a table needs before it trusts its copy, e.g. when it takes over a partition.
 *
 * <p>A failed session is restarted after a backoff at the next offset of every partition, so no
 * record is skipped or handed over twice. An undecodable record is skipped with a warning (its
 * writer's consumer parks such records); one the registry cannot decode yet is read again.
 */
public final class TopicFollower<V> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration REGISTRY_RETRY = Duration.ofMillis(500);

  /** Receives each record on the follower's thread, in partition order. */
  @FunctionalInterface
  public interface Sink<V> {
    void accept(ConsumerRecord<String, V> record);
  }

  private record CatchUp(CompletableFuture<Void> done, Map<TopicPartition, Long> target) {}

  private final String name;
  private final List<String> topics;
  private final Supplier<Consumer<String, V>> clients;
  private final Sink<V> sink;
  private final ConsumerHealth health;
  private final SupervisedLoop loop;
  private final Queue<CompletableFuture<Void>> requested = new ConcurrentLinkedQueue<>();
  /** Loop-thread state: the next offset per partition, and catch-ups waiting for their target. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final List<CatchUp> waiting = new ArrayList<>();
  private volatile Consumer<String, V> consumer;

  /** {@code clients} makes a consumer without a group (one per session) that decodes the values. */
  public TopicFollower(
      String topic, Supplier<Consumer<String, V>> clients, Sink<V> sink, ConsumerHealth health, RestartBackoff backoff) {
    this("follow-" + topic, List.of(topic), clients, sink, health, backoff);
  }

  /** Follows several topics under one {@code name} (its thread's); {@code clients} decodes all of them. */
  public TopicFollower(
      String name, List<String> topics, Supplier<Consumer<String, V>> clients, Sink<V> sink, ConsumerHealth health,
      RestartBackoff backoff) {
    this.name = name;
    this.topics = List.copyOf(topics);
    this.clients = clients;
    this.sink = sink;
    this.health = health;
    this.loop = new SupervisedLoop(name, health, backoff, this::session);
  }

  public void start() {
    loop.start();
  }

  public ConsumerHealth health() {
    return health;
  }

  /** Completes when every record committed before this call has reached the sink. */
  public CompletableFuture<Void> catchUp() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    requested.add(done);
    if (!loop.running()) {
      done.completeExceptionally(new IllegalStateException(name + " is stopped"));
    }
    return done;
  }

  private void session() throws InterruptedException {
    Consumer<String, V> client = clients.get();
    consumer = client;
    try {
      if (!loop.running()) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : client.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      client.assign(partitions);
      for (TopicPartition tp : partitions) {
        Long next = positions.get(tp);
        if (next == null) {
          client.seekToBeginning(List.of(tp));
        } else {
          client.seek(tp, next);
        }
      }
      health.assigned();
      while (loop.running()) {
        takeRequests(client, partitions);
        ConsumerRecords<String, V> records;
        try {
          records = client.poll(POLL);
          health.polled();
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            LOG.warn("Schema registry unavailable, reading {}@{} again: {}", e.topicPartition(), e.offset(), e.getMessage());
            client.seek(e.topicPartition(), e.offset());
            Thread.sleep(REGISTRY_RETRY.toMillis());
            continue;
          }
          LOG.warn("Skipping undecodable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          client.seek(e.topicPartition(), e.offset() + 1);
          positions.put(e.topicPartition(), e.offset() + 1);
          continue;
        }
        for (ConsumerRecord<String, V> record : records) {
          sink.accept(record);
          positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        completeReached(client);
      }
    } catch (WakeupException e) {
      if (loop.running()) {
        throw e;
      }
    } finally {
      client.close();
    }
  }

  /** The end offsets are taken on this thread (the client is single-threaded), after the request. */
  private void takeRequests(Consumer<String, V> client, List<TopicPartition> partitions) {
    if (requested.isEmpty()) {
      return;
    }
    List<CompletableFuture<Void>> fresh = new ArrayList<>();
    for (CompletableFuture<Void> f = requested.poll(); f != null; f = requested.poll()) {
      fresh.add(f);
    }
    Map<TopicPartition, Long> ends = client.endOffsets(partitions);
    fresh.forEach(f -> waiting.add(new CatchUp(f, ends)));
  }

  private void completeReached(Consumer<String, V> client) {
    for (Iterator<CatchUp> it = waiting.iterator(); it.hasNext(); ) {
      CatchUp c = it.next();
      if (c.target().entrySet().stream().allMatch(e -> client.position(e.getKey()) >= e.getValue())) {
        c.done().complete(null);
        it.remove();
      }
    }
  }

  @Override
  public void close() {
    loop.stop();
    Consumer<String, V> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      loop.awaitStopped(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IllegalStateException stopped = new IllegalStateException(name + " stopped");
    waiting.forEach(c -> c.done().completeExceptionally(stopped));
    requested.forEach(f -> f.completeExceptionally(stopped));
  }
}
