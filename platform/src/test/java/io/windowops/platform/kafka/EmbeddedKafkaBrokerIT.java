package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded KRaft broker")
class EmbeddedKafkaBrokerIT {

  @TempDir Path dataDir;

  @Test
  @DisplayName("keeps committed records and topics across a restart on the same data directory")
  void survivesRestart() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = admin(broker)) {
        admin.createTopics(List.of(new NewTopic("restart-test", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(broker, null)) {
        producer.send(new ProducerRecord<>("restart-test", "MNT-1", "before restart")).get();
      }
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      assertThat(readAll(broker, "restart-test", 1)).containsExactly("before restart");
    }
  }

  @Test
  @DisplayName("runs transactions: read_committed consumers see committed records only")
  void transactions() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      try (Admin admin = admin(broker)) {
        admin.createTopics(List.of(new NewTopic("tx-test", 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(broker, "tx-test-producer")) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx-test", "MNT-1", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx-test", "MNT-1", "committed"));
        producer.commitTransaction();
      }
      assertThat(readAll(broker, "tx-test", 1)).containsExactly("committed");
    }
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(
      EmbeddedKafkaBroker broker, String transactionalId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    if (transactionalId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(Set.of(topic));
      List<String> values = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (values.size() < expected && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        records.forEach(r -> values.add(r.value()));
      }
      // One more short poll proves nothing else (e.g. an aborted record) follows.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
      return values;
    }
  }
}
