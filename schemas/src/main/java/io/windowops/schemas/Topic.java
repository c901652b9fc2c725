package io.windowops.schemas;

import io.windowops.events.DeadLetter;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * One Kafka topic of WindowOps: its name, partition count, cleanup policy and the Avro record its
 * values carry. Keys are always the window id (a string), so only the value type is modelled.
 *
 * <p>Instances are immutable and live in {@link Topics}; no other class spells a topic name.
 *
 * @param name the Kafka topic name
 * @param partitions the partition count the topic is created with
 * @param cleanupPolicy delete (event and command topics, DLQs) or compact (state and ledgers)
 * @param valueClass the generated Avro class of every value
 * @param valueSchema the schema of {@code valueClass}, registered under {@link #subject()}
 * @param <V> the value type
 */
public record Topic<V extends SpecificRecord>(
    String name,
    int partitions,
    CleanupPolicy cleanupPolicy,
    Class<V> valueClass,
    Schema valueSchema) {

  /** Suffix of the dead-letter topic of every topic. */
  public static final String DLQ_SUFFIX = ".dlq";

  /** Suffix of the value subject under the registry's default topic-name strategy. */
  public static final String VALUE_SUBJECT_SUFFIX = "-value";

  /** How Kafka cleans up a topic's log. */
  public enum CleanupPolicy {
    /** Segments are deleted after the retention time: event, command and DLQ topics. */
    DELETE(TopicConfig.CLEANUP_POLICY_DELETE),
    /** Only the latest value per key is kept: window state and the side-effect ledgers. */
    COMPACT(TopicConfig.CLEANUP_POLICY_COMPACT);

    private final String kafkaValue;

    CleanupPolicy(String kafkaValue) {
      this.kafkaValue = kafkaValue;
    }

    /** The value of the topic config {@code cleanup.policy}. */
    public String kafkaValue() {
      return kafkaValue;
    }
  }

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
    Objects.requireNonNull(valueClass, "valueClass");
    Objects.requireNonNull(valueSchema, "valueSchema");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be positive, was " + partitions);
    }
    if (!valueSchema.getFullName().equals(valueClass.getName())) {
      throw new IllegalArgumentException(
          name + ": schema " + valueSchema.getFullName() + " does not describe " + valueClass.getName());
    }
  }

  /** The schema registry subject of the values (topic-name strategy): {@code <name>-value}. */
  public String subject() {
    return name + VALUE_SUBJECT_SUFFIX;
  }

  /** Whether this is a dead-letter topic. */
  public boolean isDlq() {
    return name.endsWith(DLQ_SUFFIX);
  }

  /**
   * The dead-letter topic {@code <name>.dlq} that parks this topic's unprocessable records: same
   * partition count (the original key is kept), {@link DeadLetter} values, delete policy.
   *
   * @throws IllegalStateException if this already is a dead-letter topic; a failure to park a
   *     record is retried, never dead-lettered again
   */
  public Topic<DeadLetter> dlq() {
    if (isDlq()) {
      throw new IllegalStateException(name + " is a dead-letter topic and has no dead-letter topic");
    }
    return new Topic<>(
        name + DLQ_SUFFIX, partitions, CleanupPolicy.DELETE, DeadLetter.class, DeadLetter.getClassSchema());
  }

  /** Topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.kafkaValue());
  }

  @Override
  public String toString() {
    return name;
  }
}
