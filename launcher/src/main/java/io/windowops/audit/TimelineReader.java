package io.windowops.audit;

import io.windowops.events.EventMetadata;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Rebuilds one window's timeline from the topics alone: every request, command, outcome, fact
 * and delivery keyed by the window id, in the order they happened. Read-only: it reads the one
 * partition that holds the window in each topic, joins no consumer group, commits nothing, and
 * so can never cause a step, check or notification.
 */
public final class TimelineReader {

  /** The event topics an audit reads (the compacted state and ledgers hold copies, not history). */
  static final List<Topic<?>> TOPICS =
      List.of(
          Topics.REQUESTS,
          Topics.WINDOWS,
          Topics.STEPS,
          Topics.STEP_RESULTS,
          Topics.VALIDATIONS,
          Topics.VALIDATION_RESULTS,
          Topics.NOTIFICATIONS);

  private static final Duration POLL = Duration.ofMillis(200);

  /** One thing that happened to the window, from one topic. */
  public record Entry(String topic, EventMetadata metadata, SpecificRecord payload) {
    public String type() {
      return payload.getSchema().getName();
    }
  }

  private final WindowOpsConfig config;
  private final SchemaRegistryClient registry;

  public TimelineReader(WindowOpsConfig config) {
    this.config = config;
    this.registry = new SchemaRegistryClient(config.schemaRegistryUrl());
  }

  /** The window's entries from {@code since} on (null: from the start), oldest first. */
  public List<Entry> timeline(String windowId, Instant since) {
    List<Entry> entries = new ArrayList<>();
    for (Topic<?> topic : TOPICS) {
      read(topic, windowId, since, entries);
    }
    entries.sort(
        Comparator.comparing((Entry e) -> e.metadata().getOccurredAt())
            .thenComparing(e -> e.metadata().getSequence()));
    return entries;
  }

  private <V extends SpecificRecord> void read(Topic<V> topic, String windowId, Instant since, List<Entry> into) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, null, "windowops-audit");
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry, topic.valueClass()))) {
      int partitions = consumer.partitionsFor(topic.name()).size();
      // The window's partition, as the default partitioner places its key.
      int partition = Utils.toPositive(Utils.murmur2(windowId.getBytes(StandardCharsets.UTF_8))) % partitions;
      TopicPartition tp = new TopicPartition(topic.name(), partition);
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long start = 0;
      if (since != null) {
        OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli())).get(tp);
        start = at == null ? end : at.offset();
      }
      consumer.seek(tp, start);
      while (consumer.position(tp) < end) {
        try {
          for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
            if (windowId.equals(record.key()) && record.value() != null) {
              into.add(entry(topic.name(), record.value()));
            }
          }
        } catch (RecordDeserializationException e) {
          // Not an event of ours (it is in the topic's DLQ); the rest of the timeline still counts.
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    }
  }

  /** Every envelope has {@code metadata} and {@code payload} fields (one envelope per topic). */
  private static Entry entry(String topic, SpecificRecord envelope) {
    EventMetadata metadata = (EventMetadata) envelope.get(envelope.getSchema().getField("metadata").pos());
    SpecificRecord payload = (SpecificRecord) envelope.get(envelope.getSchema().getField("payload").pos());
    return new Entry(topic, metadata, payload);
  }
}
