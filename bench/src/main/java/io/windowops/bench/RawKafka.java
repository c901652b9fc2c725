package io.windowops.bench;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients built exactly as WindowOps builds its own ({@link KafkaClientSettings}: acks=all,
 * idempotence, read_committed, no auto-commit), for the baseline measurements, and the bench's
 * own topics, partitioned like WindowOps topics.
 */
final class RawKafka {

  /** The baseline's topics; they exist only on the benchmark's broker. */
  static final String PING = "bench.baseline.ping";
  static final String PONG = "bench.baseline.pong";
  static final String FLOOD = "bench.baseline.throughput";

  private final WindowOpsConfig config;

  RawKafka(WindowOpsConfig config) {
    this.config = config;
  }

  void createTopics() throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "bench-admin"))) {
      for (String name : List.of(PING, PONG, FLOOD)) {
        try {
          admin.createTopics(List.of(new NewTopic(name, Topics.PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  /** As the scheduler's producer: transactional, default linger. */
  KafkaProducer<String, byte[]> schedulerLikeProducer(String name, boolean transactional) {
    Map<String, Object> settings =
        transactional
            ? KafkaClientSettings.transactionalProducer(config, name, "bench-" + name)
            : KafkaClientSettings.producer(config, name);
    return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }

  /** As the executor's ledger writer: transactional, linger 0 (it sends at once). */
  KafkaProducer<String, byte[]> executorLikeProducer(String name, boolean transactional) {
    Map<String, Object> settings =
        transactional
            ? KafkaClientSettings.transactionalProducer(config, name, "bench-" + name)
            : KafkaClientSettings.producer(config, name);
    settings.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
  }

  KafkaProducer<String, byte[]> producer(String name) {
    return new KafkaProducer<>(KafkaClientSettings.producer(config, name), new StringSerializer(), new ByteArraySerializer());
  }

  /** A read_committed group consumer of {@code topic} at its end, returned once the group assigned its partitions. */
  KafkaConsumer<String, byte[]> consumer(String group, String topic) {
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, group, group), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (consumer.assignment().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no partitions of " + topic + " assigned to " + group);
      }
      consumer.poll(Duration.ofMillis(50));
    }
    // Only what is sent from now on: an earlier variant may have used the topic.
    consumer.seekToEnd(consumer.assignment());
    consumer.assignment().forEach(consumer::position);
    return consumer;
  }
}
