package io.windowops.notifier.ledger;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic from its beginning up to the end offsets seen at the start (committed records
 * only), without a consumer group. Blocking: call it on a worker thread.
 */
public final class TopicReplay {

  private static final Duration POLL = Duration.ofMillis(200);

  private static final Logger LOG = LoggerFactory.getLogger(TopicReplay.class);

  private TopicReplay() {}

  /** Returns how many records were read. */
  public static <V extends SpecificRecord> long readAll(
      WindowOpsConfig config,
      SchemaRegistryClient registry,
      Topic<V> topic,
      String clientId,
      Consumer<ConsumerRecord<String, V>> sink) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, clientId, clientId);
    settings.remove("group.id");
    long count = 0;
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry, topic.valueClass()))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        try {
          for (ConsumerRecord<String, V> r : consumer.poll(POLL)) {
            if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
              sink.accept(r);
              count++;
            }
          }
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            throw e; // a good record we cannot decode yet: the caller retries the whole replay
          }
          // An undecodable record (parked in the DLQ by the topic's consumer) must not stop a start.
          LOG.warn("Skipping undecodable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    }
    return count;
  }
}
