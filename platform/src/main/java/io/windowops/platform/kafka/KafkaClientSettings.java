package io.windowops.platform.kafka;

import io.windowops.platform.config.WindowOpsConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings every WindowOps Kafka client starts from. Producers are idempotent with
 * {@code acks=all}; consumers never auto-commit and read committed records only. {@code KAFKA_*}
 * variables are applied last, except for the guarantees above, which no variable may weaken.
 */
public final class KafkaClientSettings {

  private KafkaClientSettings() {}

  public static Map<String, Object> producer(WindowOpsConfig config, String clientId) {
    Map<String, Object> p = new HashMap<>(config.kafkaClientSettings(ProducerConfig.configNames()));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  /** A producer whose writes and consumer offsets commit atomically, fenced by its id. */
  public static Map<String, Object> transactionalProducer(
      WindowOpsConfig config, String clientId, String transactionalId) {
    Map<String, Object> p = producer(config, clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return p;
  }

  public static Map<String, Object> consumer(
      WindowOpsConfig config, String groupId, String clientId) {
    Map<String, Object> c = new HashMap<>(config.kafkaClientSettings(ConsumerConfig.configNames()));
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return c;
  }

  public static Map<String, Object> admin(WindowOpsConfig config, String clientId) {
    Map<String, Object> a =
        new HashMap<>(config.kafkaClientSettings(AdminClientConfig.configNames()));
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    a.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    a.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return a;
  }
}
