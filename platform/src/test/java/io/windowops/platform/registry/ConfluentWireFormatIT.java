package io.windowops.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.windowops.events.DeadLetter;
import io.windowops.events.DeadLetterHeader;
import io.windowops.platform.testkit.SharedKafka;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Records on a topic, in the Confluent wire format")
class ConfluentWireFormatIT {

  private static final Instant FAILED_AT = Instant.parse("2026-04-01T03:04:05.678Z");

  @Test
  @DisplayName("are read by plain Apache Avro after fetching the schema by id over the REST API")
  void standardToolingReadsOurTopics() throws Exception {
    String topic = "wire-format-" + UUID.randomUUID();
    createTopic(topic);
    SchemaRegistryClient registry = SharedRegistry.client();
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic("windowops.requests.v1")
            .setPartition(3)
            .setOffset(1234L)
            .setRecordTimestamp(FAILED_AT.minusSeconds(1))
            .setKey(ByteBuffer.wrap("MNT-2026-0042".getBytes(StandardCharsets.UTF_8)))
            .setValue(ByteBuffer.wrap(new byte[] {9, 8, 7}))
            .setHeaders(List.of(new DeadLetterHeader("traceparent", null)))
            .setErrorClass("java.lang.IllegalStateException")
            .setErrorMessage("boom")
            .setStackTrace("at here")
            .setConsumerGroup("scheduler")
            .setAttempts(3)
            .setFailedAt(FAILED_AT)
            .build();

    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, DeadLetter> producer =
        new KafkaProducer<>(
            producerProps, new StringSerializer(), new AvroSerializer<>(registry))) {
      producer.send(new ProducerRecord<>(topic, "MNT-2026-0042", letter)).get();
    }

    byte[] value = readOne(topic);

    // The frame, by hand: magic byte, big-endian id, Avro binary.
    ByteBuffer frame = ByteBuffer.wrap(value);
    assertThat(frame.get()).isZero();
    int id = frame.getInt();
    // The schema, over plain HTTP, as any Confluent-aware tool fetches it.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(SharedRegistry.url() + "/schemas/ids/" + id))
                    .header("Accept", "application/vnd.schemaregistry.v1+json")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Schema writer = new Schema.Parser().parse(new JsonObject(response.body()).getString("schema"));
    // The value, with nothing but Apache Avro.
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));

    assertThat(writer.getFullName()).isEqualTo("io.windowops.events.DeadLetter");
    assertThat(decoded.get("sourceTopic")).hasToString("windowops.requests.v1");
    assertThat(decoded.get("partition")).isEqualTo(3);
    assertThat(decoded.get("offset")).isEqualTo(1234L);
    assertThat(decoded.get("failedAt")).isEqualTo(FAILED_AT.toEpochMilli());
    assertThat(decoded.get("attempts")).isEqualTo(3);
    assertThat(((ByteBuffer) decoded.get("value")).array()).containsExactly(9, 8, 7);
    // The subject follows the topic-name strategy.
    assertThat(registry.latest(topic + "-value").id()).isEqualTo(id);
    // And our own deserializer gets the generated class back.
    try (AvroDeserializer<DeadLetter> deserializer =
        new AvroDeserializer<>(new SchemaRegistryClient(SharedRegistry.url()), DeadLetter.class)) {
      assertThat(deserializer.deserialize(topic, value)).isEqualTo(letter);
    }
  }

  private static void createTopic(String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static byte[] readOne(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<byte[]> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      assertThat(values).as("records on " + topic).hasSize(1);
      return values.get(0);
    }
  }
}
