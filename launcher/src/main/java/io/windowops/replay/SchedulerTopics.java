package io.windowops.replay;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The topics a replay needs: what the scheduler's saga consumes (its inputs) and writes in the
 * same transaction (its outputs), and what the admission owner writes for the saga's slot claims
 * (its answers go to the requests topic, its table changes to the reservations changelog). Reading them is read-only: every partition is assigned
 * directly, without a consumer group, so nothing is ever committed, least of all into the
 * scheduler's group; only committed records are read (read_committed).
 */
public final class SchedulerTopics {

  /** The saga's inputs, as the scheduler's loop subscribes to them. */
  public static final List<Topic<?>> INPUTS =
      List.of(Topics.REQUESTS, Topics.STEP_RESULTS, Topics.VALIDATION_RESULTS, Topics.NOTIFICATIONS);

  /**
   * The saga's outputs: facts, commands (to the executor, the validator and the admission owner)
   * and the state snapshot of every decision.
   */
  public static final List<Topic<?>> OUTPUTS =
      List.of(Topics.WINDOWS, Topics.STEPS, Topics.VALIDATIONS, Topics.ADMISSIONS, Topics.WINDOW_STATE);

  /**
   * What the admission owner writes besides its answers: the reservation table's changelog. Its
   * input is the saga's admission commands ({@link #OUTPUTS}), its answers are saga {@link #INPUTS}.
   */
  public static final List<Topic<?>> ADMISSION_OUTPUTS = List.of(Topics.RESERVATIONS);

  private static final Duration POLL = Duration.ofMillis(200);

  private SchedulerTopics() {}

  /** Inputs, outputs, then the admission's changelog. */
  public static List<Topic<?>> all() {
    List<Topic<?>> all = new ArrayList<>(INPUTS);
    all.addAll(OUTPUTS);
    all.addAll(ADMISSION_OUTPUTS);
    return all;
  }

  /**
   * Every committed record of the topics, as stored (Confluent-framed bytes), ordered by topic,
   * partition and offset. Topics that do not exist contribute nothing.
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(WindowOpsConfig config, List<Topic<?>> topics) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, null, "windowops-replay-reader");
    // Asking for a missing topic must not create it (a broker with auto-creation on would).
    settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic<?> topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
        if (infos != null) {
          infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
        }
      }
      if (partitions.isEmpty()) {
        return records;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: open transactions are left out.
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(r); // later records arrived after the replay began: not part of it
          }
        }
      }
    }
    records.sort(
        Comparator.comparing((ConsumerRecord<String, byte[]> r) -> r.topic())
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return records;
  }
}
