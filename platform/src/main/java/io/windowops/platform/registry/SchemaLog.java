package io.windowops.platform.registry;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable log: one partition of a compacted topic, written synchronously by an
 * idempotent {@code acks=all} producer and read back by an unassigned-group consumer. Every call
 * blocks; the registry makes all of them from its single store thread (the clients are not shared
 * with any other thread).
 *
 * <p>Failures are {@link RegistryError}s: 50002 when Kafka does not answer in time, 50001 else.
 */
final class SchemaLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;
  private final TopicPartition partition;
  private final Duration timeout;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;

  SchemaLog(SchemaRegistryOptions options) {
    this.topic = options.topic();
    this.partition = new TopicPartition(topic, 0);
    this.timeout = options.storeTimeout();
    String clientId = "windowops-schema-registry-" + INSTANCES.incrementAndGet();
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());

    Map<String, Object> adminConfig =
        known(options.kafkaSettings(), AdminClientConfig.configNames());
    adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));

    Map<String, Object> producerConfig =
        known(options.kafkaSettings(), ProducerConfig.configNames());
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
    producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2));

    Map<String, Object> consumerConfig =
        known(options.kafkaSettings(), ConsumerConfig.configNames());
    consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-reader");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    // A write waits for its own record to be read back: do not let the broker sit on a fetch.
    consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);

    Admin a = null;
    KafkaProducer<String, String> p = null;
    try {
      a = Admin.create(adminConfig);
      p = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
      this.consumer =
          new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    } catch (KafkaException e) {
      if (p != null) {
        p.close(Duration.ZERO);
      }
      if (a != null) {
        a.close(Duration.ZERO);
      }
      throw RegistryError.storeError(
          "Cannot create the Kafka clients of the schema store: " + e, e);
    }
    this.admin = a;
    this.producer = p;
  }

  String topic() {
    return topic;
  }

  /** Creates the topic if missing, checks it, and positions the reader at its beginning. */
  void open() {
    ensureTopic();
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
  }

  /** Reads every record up to the current end of the topic. */
  void catchUp(Consumer<ConsumerRecord<String, String>> reader) {
    long end;
    try {
      end = consumer.endOffsets(Set.of(partition), timeout).get(partition);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw RegistryError.storeTimeout(
          "Timed out after " + timeout + " asking for the end of the schema store topic " + topic,
          e);
    } catch (KafkaException e) {
      throw RegistryError.storeError(
          "Cannot find the end of the schema store topic " + topic + ": " + e, e);
    }
    readUntil(end, reader);
  }

  /** Reads records until the reader's position is at least {@code offset}. */
  void readUntil(long offset, Consumer<ConsumerRecord<String, String>> reader) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (consumer.position(partition, timeout) < offset) {
        for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
          reader.accept(record);
        }
        if (System.nanoTime() - deadline > 0) {
          throw RegistryError.storeTimeout(
              "Timed out after "
                  + timeout
                  + " reading the schema store topic "
                  + topic
                  + " up to offset "
                  + offset,
              null);
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw RegistryError.storeTimeout(
          "Timed out after " + timeout + " reading the schema store topic " + topic, e);
    } catch (KafkaException e) {
      throw RegistryError.storeError("Cannot read the schema store topic " + topic + ": " + e, e);
    }
  }

  /**
   * Appends one record and waits for the acknowledgement of every in-sync replica.
   *
   * @return its offset
   */
  long append(String key, String value) {
    try {
      return producer
          .send(new ProducerRecord<>(topic, 0, key, value))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw RegistryError.storeTimeout(
            "Timed out after " + timeout + " writing to the schema store topic " + topic, cause);
      }
      throw RegistryError.storeError(
          "Cannot write to the schema store topic " + topic + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw RegistryError.storeTimeout(
          "Timed out after " + timeout + " writing to the schema store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError(
          "Interrupted while writing to the schema store topic " + topic, e);
    } catch (KafkaException e) {
      throw RegistryError.storeError(
          "Cannot write to the schema store topic " + topic + ": " + e, e);
    }
  }

  private void ensureTopic() {
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, Optional.of(1), Optional.empty())
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Created the schema store topic {} (1 partition, compacted)", topic);
      return;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw RegistryError.storeError(
            "Cannot create the schema store topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw RegistryError.storeTimeout("Timed out creating the schema store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError(
          "Interrupted while creating the schema store topic " + topic, e);
    }
    checkExisting();
  }

  private void checkExisting() {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
      if (description.partitions().size() != 1) {
        throw RegistryError.storeError(
            "The schema store topic "
                + topic
                + " has "
                + description.partitions().size()
                + " partitions; it must have exactly 1, so that the registry's log has one order",
            null);
      }
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .get(resource);
      ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
        LOG.warn(
            "The schema store topic {} has cleanup.policy={}; it should be compact, or registered"
                + " schemas are deleted with old segments",
            topic,
            policy == null ? "?" : policy.value());
      }
    } catch (ExecutionException e) {
      throw RegistryError.storeError(
          "Cannot describe the schema store topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw RegistryError.storeTimeout("Timed out describing the schema store topic " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RegistryError.storeError(
          "Interrupted while describing the schema store topic " + topic, e);
    }
  }

  @Override
  public void close() {
    closeQuietly("producer", () -> producer.close(CLOSE_TIMEOUT));
    closeQuietly("consumer", () -> consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)));
    closeQuietly("admin client", () -> admin.close(CLOSE_TIMEOUT));
  }

  private void closeQuietly(String what, Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      LOG.warn("Closing the schema store {} of {} failed: {}", what, topic, e.toString());
    }
  }

  private static Map<String, Object> known(Map<String, Object> settings, Set<String> names) {
    Map<String, Object> filtered = new HashMap<>();
    settings.forEach(
        (name, value) -> {
          if (names.contains(name)) {
            filtered.put(name, value);
          }
        });
    return filtered;
  }
}
