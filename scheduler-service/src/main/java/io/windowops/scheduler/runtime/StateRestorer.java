package io.windowops.scheduler.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition of a compacted state topic (the window state, the reservation table) from
 * its start to its last committed offset: the latest value of every key in that partition.
 * Tombstones remove a key. Used on a loop's thread during a rebalance, before any input of the
 * partition is processed.
 */
final class StateRestorer<V> implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private final Consumer<String, V> consumer;
  private final String topic;

  StateRestorer(Consumer<String, V> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  Map<String, V> restore(int partition) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    // With read_committed this is the last stable offset: in-flight transactions are excluded.
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    Map<String, V> windows = new HashMap<>();
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
        if (record.value() == null) {
          windows.remove(record.key());
        } else {
          windows.put(record.key(), record.value());
        }
      }
    }
    consumer.unsubscribe();
    return windows;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
