package io.windowops.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.platform.kafka.KafkaClientSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Configuration")
class WindowOpsConfigTest {

  @Test
  @DisplayName("starts from the defaults file")
  void defaults() {
    WindowOpsConfig config = WindowOpsConfig.of(Map.of());
    assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.handlerTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.handlerAttempts()).isEqualTo(3);
  }

  @Test
  @DisplayName("lets given values win over the defaults")
  void overrides() {
    WindowOpsConfig config =
        WindowOpsConfig.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092", "HTTP_PORT", "9000"));
    assertThat(config.kafkaBootstrapServers()).isEqualTo("kafka:29092");
    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.with("HTTP_PORT", "9001").httpPort()).isEqualTo(9001);
    assertThat(config.httpPort()).as("with() returns a copy").isEqualTo(9000);
  }

  @Test
  @DisplayName("names the key and the bad value when a value is malformed")
  void malformedValues() {
    assertThatThrownBy(() -> WindowOpsConfig.of(Map.of("HTTP_PORT", "eighty")).httpPort())
        .hasMessage("Configuration HTTP_PORT must be an integer, was 'eighty'");
    assertThatThrownBy(() -> WindowOpsConfig.of(Map.of("HTTP_PORT", "70000")).httpPort())
        .hasMessage("Configuration HTTP_PORT must be between 0 and 65535, was 70000");
    assertThatThrownBy(() -> WindowOpsConfig.of(Map.of("WINDOWOPS_HANDLER_TIMEOUT", "60s")).handlerTimeout())
        .hasMessageContaining("WINDOWOPS_HANDLER_TIMEOUT must be an ISO-8601 duration");
    assertThatThrownBy(() -> WindowOpsConfig.of(Map.of("SCHEMA_REGISTRY_URL", " ")).schemaRegistryUrl())
        .hasMessage("Configuration SCHEMA_REGISTRY_URL is required but not set");
  }

  @Test
  @DisplayName("passes KAFKA_* variables to clients that know them, and nothing else")
  void kafkaPassThrough() {
    WindowOpsConfig config =
        WindowOpsConfig.of(
            Map.of(
                "KAFKA_LINGER_MS", "20",
                "KAFKA_HOME", "/opt/kafka",
                "KAFKA_ACKS", "0",
                "KAFKA_ENABLE_IDEMPOTENCE", "false"));
    Map<String, Object> producer = KafkaClientSettings.producer(config, "test");
    assertThat(producer).containsEntry("linger.ms", "20").doesNotContainKey("home");
    assertThat(producer)
        .as("no variable may weaken durability")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    Map<String, Object> consumer = KafkaClientSettings.consumer(config, "group", "client");
    assertThat(consumer)
        .doesNotContainKey("linger.ms")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("isolation.level", "read_committed");
  }
}
