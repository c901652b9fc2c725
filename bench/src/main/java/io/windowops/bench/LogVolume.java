package io.windowops.bench;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many log entries (records and transaction markers) all WindowOps topics hold: the sum of
 * their end offsets. The difference over a phase is what the phase cost the broker.
 */
final class LogVolume implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();

  LogVolume(WindowOpsConfig config) {
    var settings = KafkaClientSettings.consumer(config, null, "bench-volume");
    settings.put("isolation.level", "read_uncommitted"); // the high watermark: every entry written
    this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    for (Topic<?> topic : Topics.all()) {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    }
    consumer.assign(partitions); // never polled: assigned only so end offsets are tracked quietly
  }

  long entries() {
    return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
