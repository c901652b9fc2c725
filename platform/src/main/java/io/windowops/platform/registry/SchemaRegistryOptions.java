package io.windowops.platform.registry;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.schemas.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings of the embedded schema registry.
 *
 * @param host the address the HTTP server binds to
 * @param port its port; 0 for a free one ({@link SchemaRegistryServer#port()} tells which)
 * @param bootstrapServers the Kafka cluster holding the store topic
 * @param topic the compacted store topic ({@link Topics#SCHEMA_STORE} unless tests isolate)
 * @param storeTimeout how long a write may wait for Kafka's acknowledgement, and startup for the
 *     topic to be read
 * @param kafkaSettings extra Kafka client settings (security, ...); each client takes the names it
 *     knows, and none can weaken {@code acks=all} or idempotence
 */
public record SchemaRegistryOptions(
    String host,
    int port,
    String bootstrapServers,
    String topic,
    Duration storeTimeout,
    Map<String, Object> kafkaSettings) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(30);

  public SchemaRegistryOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(storeTimeout, "storeTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (storeTimeout.toMillis() < 1000) {
      throw new IllegalArgumentException("storeTimeout must be at least 1s, was " + storeTimeout);
    }
    kafkaSettings = Map.copyOf(kafkaSettings);
  }

  /** Loopback, a free port, the standard store topic, 30 s store timeout. */
  public static SchemaRegistryOptions forBroker(String bootstrapServers) {
    return new SchemaRegistryOptions(
        DEFAULT_HOST, 0, bootstrapServers, Topics.SCHEMA_STORE, DEFAULT_STORE_TIMEOUT, Map.of());
  }

  /**
   * Local mode: listen where {@code SCHEMA_REGISTRY_URL} points (so the services find it), store in
   * {@code KAFKA_BOOTSTRAP_SERVERS}, with the {@code KAFKA_*} client settings.
   */
  public static SchemaRegistryOptions fromConfig(WindowOpsConfig config) {
    URI url = URI.create(config.schemaRegistryUrl().split(",")[0].trim());
    if (url.getHost() == null) {
      throw new WindowOpsConfig.ConfigException(
          WindowOpsConfig.SCHEMA_REGISTRY_URL, "must look like http://host:port");
    }
    Set<String> names = new TreeSet<>(ProducerConfig.configNames());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return new SchemaRegistryOptions(
        url.getHost(),
        url.getPort() == -1 ? 8081 : url.getPort(),
        config.kafkaBootstrapServers(),
        Topics.SCHEMA_STORE,
        DEFAULT_STORE_TIMEOUT,
        config.kafkaClientSettings(names));
  }

  public SchemaRegistryOptions withHost(String host) {
    return new SchemaRegistryOptions(
        host, port, bootstrapServers, topic, storeTimeout, kafkaSettings);
  }

  public SchemaRegistryOptions withPort(int port) {
    return new SchemaRegistryOptions(
        host, port, bootstrapServers, topic, storeTimeout, kafkaSettings);
  }

  public SchemaRegistryOptions withTopic(String topic) {
    return new SchemaRegistryOptions(
        host, port, bootstrapServers, topic, storeTimeout, kafkaSettings);
  }

  public SchemaRegistryOptions withStoreTimeout(Duration storeTimeout) {
    return new SchemaRegistryOptions(
        host, port, bootstrapServers, topic, storeTimeout, kafkaSettings);
  }

  public SchemaRegistryOptions withKafkaSettings(Map<String, Object> kafkaSettings) {
    return new SchemaRegistryOptions(
        host, port, bootstrapServers, topic, storeTimeout, kafkaSettings);
  }
}
