package io.windowops.scheduler.runtime;

import io.windowops.events.WindowStateSnapshot;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one partition of the compacted state topic from its start to its last committed offset:
 * the latest snapshot of every window in that partition. Tombstones remove a window. Used on the
 * saga loop's thread during a rebalance, before any input of the partition is processed.
 */
final class StateRestorer implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private final Consumer<String, WindowStateSnapshot> consumer;

  StateRestorer(Consumer<String, WindowStateSnapshot> consumer) {
    this.consumer = consumer;
  }

  Map<String, WindowStateSnapshot> restore(int partition) {
    TopicPartition tp = new TopicPartition(Topics.WINDOW_STATE.name(), partition);
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    // With read_committed this is the last stable offset: in-flight transactions are excluded.
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    Map<String, WindowStateSnapshot> windows = new HashMap<>();
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<String, WindowStateSnapshot> record : consumer.poll(POLL)) {
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
