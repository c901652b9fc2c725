package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.events.AbortRequested;
import io.windowops.events.DeadLetter;
import io.windowops.events.EventMetadata;
import io.windowops.events.RequestEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.testkit.SharedKafka;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.schemas.Topic;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An input consumer on the real broker")
class InputConsumerIT {

  private final String topic = "input-test-" + UUID.randomUUID();
  private final String group = "input-test-group-" + UUID.randomUUID();
  private WindowOpsConfig config;
  private SchemaRegistryClient registry;
  private Vertx vertx;
  private Admin admin;
  private DeadLetterPublisher deadLetters;
  private InputConsumer<RequestEnvelope> consumer;
  private final List<String> handled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    config =
        WindowOpsConfig.of(
            Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", SharedRegistry.url()));
    registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    admin = Admin.create(KafkaClientSettings.admin(config, "input-test-admin"));
    admin
        .createTopics(
            List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + Topic.DLQ_SUFFIX, 1, (short) 1)))
        .all()
        .get();
    vertx = Vertx.vertx();
    deadLetters = new DeadLetterPublisher(config, registry, "input-test-dlq");
  }

  @AfterEach
  void tearDown() {
    if (consumer != null) {
      consumer.stop();
    }
    deadLetters.close();
    admin.close();
    vertx.close();
  }

  @Test
  @DisplayName("parks undecodable bytes in the DLQ with the reason and goes on with the next record")
  void garbageGoesToTheDeadLetterTopic() throws Exception {
    startConsumer(record -> {
      handled.add(record.key());
      return Future.succeededFuture();
    });
    byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, byte[]> raw =
            new KafkaProducer<>(KafkaClientSettings.producer(config, "raw"), new StringSerializer(), new ByteArraySerializer());
        KafkaProducer<String, RequestEnvelope> avro =
            new KafkaProducer<>(KafkaClientSettings.producer(config, "avro"), new StringSerializer(), new AvroSerializer<>(registry))) {
      ProducerRecord<String, byte[]> bad = new ProducerRecord<>(topic, "MNT-BAD", garbage);
      bad.headers().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));
      raw.send(bad).get();
      avro.send(new ProducerRecord<>(topic, "MNT-GOOD", abort("MNT-GOOD"))).get();
    }

    await("the valid record after the garbage is handled").atMost(Duration.ofSeconds(30))
        .until(() -> handled.contains("MNT-GOOD"));
    List<ConsumerRecord<String, DeadLetter>> letters = readDeadLetters(1);
    assertThat(handled).containsExactly("MNT-GOOD");
    ConsumerRecord<String, DeadLetter> letter = letters.get(0);
    assertThat(letter.key()).isEqualTo("MNT-BAD");
    assertThat(letter.value().getSourceTopic()).isEqualTo(topic);
    assertThat(letter.value().getPartition()).isZero();
    assertThat(letter.value().getOffset()).isZero();
    assertThat(letter.value().getErrorClass()).isEqualTo(SerializationException.class.getName());
    assertThat(letter.value().getErrorMessage()).isNotBlank();
    assertThat(letter.value().getValue().array()).isEqualTo(garbage);
    assertThat(letter.value().getHeaders()).anySatisfy(h -> assertThat(h.getKey()).isEqualTo("traceparent"));
    assertThat(new String(letter.headers().lastHeader("windowops.dlq.source.offset").value(), StandardCharsets.UTF_8))
        .isEqualTo("0");
    await("both offsets are committed").atMost(Duration.ofSeconds(10))
        .until(() -> committedOffset() == 2L);
  }

  @Test
  @DisplayName("retries a failing handler, then parks the record with its attempts and keeps going")
  void failingHandlerIsRetriedThenParked() throws Exception {
    List<String> attempts = new CopyOnWriteArrayList<>();
    startConsumer(record -> {
      attempts.add(record.key());
      if (record.key().equals("MNT-POISON")) {
        return Future.failedFuture(new IllegalStateException("the handler refuses " + record.key()));
      }
      handled.add(record.key());
      return Future.succeededFuture();
    });
    try (KafkaProducer<String, RequestEnvelope> avro =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "avro"), new StringSerializer(), new AvroSerializer<>(registry))) {
      avro.send(new ProducerRecord<>(topic, "MNT-POISON", abort("MNT-POISON"))).get();
      avro.send(new ProducerRecord<>(topic, "MNT-NEXT", abort("MNT-NEXT"))).get();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("MNT-NEXT"));
    assertThat(attempts).containsExactly("MNT-POISON", "MNT-POISON", "MNT-POISON", "MNT-NEXT");
    DeadLetter letter = readDeadLetters(1).get(0).value();
    assertThat(letter.getAttempts()).isEqualTo(3);
    assertThat(letter.getErrorMessage()).isEqualTo("the handler refuses MNT-POISON");
    assertThat(letter.getConsumerGroup()).isEqualTo(group);
  }

  @Test
  @DisplayName("handles no record of a newly assigned partition before its assignment gate opens; a failing gate restarts the consumer")
  void recordsWaitForTheAssignmentGate() throws Exception {
    CountDownLatch open = new CountDownLatch(1);
    AtomicInteger gateCalls = new AtomicInteger();
    AssignmentGate gate = partitions -> {
      if (gateCalls.incrementAndGet() == 1) {
        throw new IllegalStateException("the ledger is not readable yet");
      }
      open.await();
    };
    startConsumer(record -> {
      handled.add(record.key());
      return Future.succeededFuture();
    }, gate);
    try (KafkaProducer<String, RequestEnvelope> avro =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "avro"), new StringSerializer(), new AvroSerializer<>(registry))) {
      avro.send(new ProducerRecord<>(topic, "MNT-GATED", abort("MNT-GATED"))).get();
    }

    await("the failed gate restarted the consumer, which waits at the gate again").atMost(Duration.ofSeconds(30))
        .until(() -> consumer.health().restarts() == 1 && gateCalls.get() == 2);
    assertThat(consumer.health().report(Duration.ofMinutes(5)).ready()).isFalse();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(handled::isEmpty);

    open.countDown();
    await("the record is handled once the gate opens").atMost(Duration.ofSeconds(30))
        .until(() -> handled.contains("MNT-GATED"));
    assertThat(consumer.health().report(Duration.ofMinutes(5)).ready()).isTrue();
    assertThat(handled).containsExactly("MNT-GATED");
  }

  private void startConsumer(RecordHandler<RequestEnvelope> handler) throws Exception {
    startConsumer(handler, AssignmentGate.OPEN);
  }

  private void startConsumer(RecordHandler<RequestEnvelope> handler, AssignmentGate gate) throws Exception {
    InputConsumer.Settings settings =
        new InputConsumer.Settings(
            topic,
            KafkaClientSettings.consumer(config, group, "input-test"),
            Duration.ofSeconds(10),
            3,
            "windowops.test");
    consumer =
        new InputConsumer<>(
            settings,
            new AvroDeserializer<>(registry, RequestEnvelope.class),
            handler,
            gate,
            deadLetters,
            vertx.getOrCreateContext(),
            new SimpleMeterRegistry());
    consumer.start();
  }

  private long committedOffset() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? -1 : offset.offset();
  }

  private List<ConsumerRecord<String, DeadLetter>> readDeadLetters(int expected) {
    try (KafkaConsumer<String, DeadLetter> reader =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "dlq-reader-" + UUID.randomUUID(), "dlq-reader"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, DeadLetter.class))) {
      reader.subscribe(Set.of(topic + Topic.DLQ_SUFFIX));
      List<ConsumerRecord<String, DeadLetter>> letters = new ArrayList<>();
      await("dead letters arrive").atMost(Duration.ofSeconds(30))
          .until(() -> {
            reader.poll(Duration.ofMillis(200)).forEach(letters::add);
            return letters.size() >= expected;
          });
      return letters;
    }
  }

  private static RequestEnvelope abort(String windowId) {
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWindowId(windowId)
                .setSequence(0)
                .setOccurredAt(Instant.now())
                .setActor("input-consumer-test")
                .build())
        .setPayload(AbortRequested.newBuilder().setReason("test").build())
        .build();
  }
}
