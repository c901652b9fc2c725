package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.testkit.SharedKafka;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.schemas.SampleRecords;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One event of every type is serialized with the registry, produced to the real broker,
 * consumed, deserialized, and compared: the whole contract works end to end.
 */
@DisplayName("Every event type")
class EventRoundTripIT {

  private static WindowOpsConfig config;
  private static SchemaRegistryClient registry;

  @BeforeAll
  static void connect() {
    config =
        WindowOpsConfig.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", SharedRegistry.url()));
    registry = new SchemaRegistryClient(config.schemaRegistryUrl());
  }

  /** Each topic with every record its values may hold: one per payload branch of an envelope. */
  static Stream<Arguments> topics() {
    SampleRecords samples = new SampleRecords(42, SampleRecords.Fill.FULL);
    List<Arguments> cases = new ArrayList<>();
    for (Topic<?> topic : Topics.withDlqs()) {
      Schema schema = topic.valueSchema();
      Schema.Field payload = schema.getField("payload");
      List<SpecificRecord> values = new ArrayList<>();
      if (payload == null) {
        values.add(samples.record(schema));
      } else {
        for (Schema branch : payload.schema().getTypes()) {
          values.add(samples.record(schema, "payload", samples.record(branch)));
        }
      }
      cases.add(Arguments.of(topic, values));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("topics")
  @DisplayName("round-trips through the real broker and schema registry unchanged")
  <V extends SpecificRecord> void roundTrips(Topic<V> topic, List<V> values) throws Exception {
    String name = topic.name() + "-roundtrip-" + UUID.randomUUID();
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "roundtrip-admin"))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, "roundtrip"),
            new StringSerializer(),
            new AvroSerializer<V>(registry))) {
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(name, "MNT-2026-" + i, values.get(i))).get();
      }
    }

    List<V> received = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "roundtrip-" + UUID.randomUUID(), "roundtrip"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, topic.valueClass()))) {
      consumer.subscribe(Set.of(name));
      await("all " + values.size() + " records come back").atMost(Duration.ofSeconds(30))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            return received.size() >= values.size();
          });
    }
    assertThat(received).containsExactlyElementsOf(values);
    assertThat(registry.latest(name + Topic.VALUE_SUBJECT_SUFFIX).schema())
        .as("the registry holds the writer schema")
        .isEqualTo(topic.valueSchema());
  }
}
