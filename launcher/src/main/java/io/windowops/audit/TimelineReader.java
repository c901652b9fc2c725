package io.windowops.audit;

import io.windowops.events.EventMetadata;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads WindowOps' event topics for an audit: one window's timeline (the one partition that holds
 * the window in each topic), or every window's facts for a period summary (every partition).
 * Read-only: it joins no consumer group, commits nothing, and so can never cause a step, check or
 * notification. An undecodable record is reported and skipped, never silently.
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

  /** What a period summary reads: requests (who asked) and the scheduler's facts (what became of it). */
  static final List<Topic<?>> SUMMARY_TOPICS = List.of(Topics.REQUESTS, Topics.WINDOWS);

  private static final Duration POLL = Duration.ofMillis(200);
  /** How long a metadata or offset lookup may take before the broker counts as unreachable. */
  private static final int API_TIMEOUT_MS = 15_000;

  /** One thing that happened to a window, from one topic. */
  public record Entry(String topic, EventMetadata metadata, SpecificRecord payload) {
    public String type() {
      return payload.getSchema().getName();
    }

    public Instant at() {
      return metadata.getOccurredAt();
    }
  }

  /** Oldest first; a window's own events keep the order their writer numbered them in. */
  public static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::at).thenComparing(e -> e.metadata().getSequence());

  private final WindowOpsConfig config;
  private final SchemaRegistryClient registry;
  private final List<String> skipped = new ArrayList<>();

  public TimelineReader(WindowOpsConfig config) {
    this.config = config;
    this.registry = new SchemaRegistryClient(config.schemaRegistryUrl());
  }

  /** The window's entries within the range, oldest first. */
  public List<Entry> timeline(String windowId, Range range) {
    List<Entry> entries = new ArrayList<>();
    for (Topic<?> topic : TOPICS) {
      read(
          topic,
          partitions -> List.of(partitionOf(windowId, partitions)),
          range.since(),
          e -> {
            if (windowId.equals(e.metadata().getWindowId()) && range.contains(e.at())) {
              entries.add(e);
            }
          });
    }
    entries.sort(ORDER);
    return entries;
  }

  /**
   * Every window's requests and facts from the beginning up to the end of the range, in order
   * within each window (a window lives in one partition): a summary needs the history before the
   * period to know each window's state at its end.
   */
  public void everyWindow(Range range, Consumer<Entry> into) {
    for (Topic<?> topic : SUMMARY_TOPICS) {
      read(topic, partitions -> partitions, null, e -> {
        if (range.notAfter(e.at())) {
          into.accept(e);
        }
      });
    }
  }

  /** Every window's facts (the windows topic, all partitions) from {@code since} on. */
  public void windowFacts(Instant since, Consumer<Entry> into) {
    read(Topics.WINDOWS, partitions -> partitions, since, into);
  }

  /** Records that could not be decoded, as "topic-partition@offset: error"; they were skipped. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  private <V extends SpecificRecord> void read(
      Topic<V> topic, Function<List<Integer>, List<Integer>> choose, Instant since, Consumer<Entry> into) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, null, "windowops-audit");
    settings.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, API_TIMEOUT_MS);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry, topic.valueClass()))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (infos == null || infos.isEmpty()) {
        return; // the topic was never created: nothing happened on it
      }
      List<TopicPartition> assigned =
          choose.apply(infos.stream().map(PartitionInfo::partition).sorted().toList()).stream()
              .map(p -> new TopicPartition(topic.name(), p))
              .toList();
      consumer.assign(assigned);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      for (TopicPartition tp : assigned) {
        consumer.seek(tp, start(consumer, tp, since, ends.get(tp)));
      }
      while (assigned.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        try {
          for (ConsumerRecord<String, V> record : consumer.poll(POLL)) {
            if (record.value() != null) {
              into.accept(entry(topic.name(), record.value()));
            }
          }
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            throw e;
          }
          skipped.add(e.topicPartition() + "@" + e.offset() + ": " + e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    }
  }

  /** The first offset at or after {@code since} by record time (the start without one). */
  private static long start(KafkaConsumer<?, ?> consumer, TopicPartition tp, Instant since, long end) {
    if (since == null) {
      return consumer.beginningOffsets(List.of(tp)).get(tp);
    }
    OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, since.toEpochMilli())).get(tp);
    return at == null ? end : at.offset();
  }

  /** The window's partition, as Kafka's default partitioner places its key. */
  private static int partitionOf(String windowId, List<Integer> partitions) {
    return Utils.toPositive(Utils.murmur2(windowId.getBytes(StandardCharsets.UTF_8))) % partitions.size();
  }

  /** Every envelope has {@code metadata} and {@code payload} fields (one envelope per topic). */
  private static Entry entry(String topic, SpecificRecord envelope) {
    EventMetadata metadata = (EventMetadata) envelope.get(envelope.getSchema().getField("metadata").pos());
    SpecificRecord payload = (SpecificRecord) envelope.get(envelope.getSchema().getField("payload").pos());
    return new Entry(topic, metadata, payload);
  }
}
