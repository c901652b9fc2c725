package io.windowops.audit;

import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowScheduled;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.scheduler.review.IncidentWindow;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The windows scheduled around a time, read from every partition of the windows topic (each
 * window as its latest {@code WindowScheduled} says): the candidates a review checks for
 * incidents. Read-only, like the audit: no consumer group, nothing committed.
 */
public final class IncidentScan {

  /** How far before the reviewed window's start an incident may have been scheduled. */
  static final Duration LOOK_BACK = Duration.ofDays(1);

  private static final Duration POLL = Duration.ofMillis(200);

  private final WindowOpsConfig config;
  private final SchemaRegistryClient registry;

  public IncidentScan(WindowOpsConfig config) {
    this.config = config;
    this.registry = new SchemaRegistryClient(config.schemaRegistryUrl());
  }

  /** Windows scheduled from {@code LOOK_BACK} before {@code from} to the end of the topic. */
  public List<IncidentWindow> scheduledAround(Instant from) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, null, "windowops-review");
    Map<String, IncidentWindow> windows = new LinkedHashMap<>();
    try (KafkaConsumer<String, WindowEventEnvelope> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry, WindowEventEnvelope.class))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.WINDOWS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long since = from.minus(LOOK_BACK).toEpochMilli();
      Map<TopicPartition, Long> query = new LinkedHashMap<>();
      partitions.forEach(tp -> query.put(tp, since));
      Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp start = starts.get(tp);
        consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
      }
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        ConsumerRecords<String, WindowEventEnvelope> records;
        try {
          records = consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            throw e;
          }
          // Not an event of ours (its consumer parked it in the DLQ): it cannot be an incident.
          consumer.seek(e.topicPartition(), e.offset() + 1);
          continue;
        }
        for (ConsumerRecord<String, WindowEventEnvelope> record : records) {
          if (record.value() != null && record.value().getPayload() instanceof WindowScheduled s) {
            windows.put(
                record.key(),
                new IncidentWindow(
                    record.key(),
                    s.getSummary().getTitle(),
                    s.getSummary().getMaintenanceType(),
                    s.getSummary().getEnvironment(),
                    List.copyOf(s.getSummary().getServices()),
                    s.getScheduledStart(),
                    s.getScheduledEnd()));
          }
        }
      }
    }
    return List.copyOf(windows.values());
  }
}
