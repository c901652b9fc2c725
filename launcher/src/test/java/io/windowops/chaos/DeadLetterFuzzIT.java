package io.windowops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.DeadLetter;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.NotificationChannel;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Generated garbage (jqwik arbitraries: random bytes, the wire-format magic byte with unknown
 * schema ids, valid Avro of another topic's schema, empty and null values) on every input topic
 * of every service, while the eight service JVMs run: each record lands in {@code <topic>.dlq}
 * with its reason, and the services keep consuming: windows requested afterwards still complete.
 */
@DisplayName("Garbage on every input topic")
class DeadLetterFuzzIT {

  /** Every topic a service consumes commands or facts from (the ledgers are each service's own state). */
  private static final List<Topic<?>> INPUTS =
      List.of(Topics.REQUESTS, Topics.STEPS, Topics.STEP_RESULTS, Topics.VALIDATIONS, Topics.VALIDATION_RESULTS, Topics.WINDOWS, Topics.NOTIFICATIONS);
  private static final String FUZZ_HEADER = "chaos-fuzz-id";
  private static final int PER_TOPIC = 25;

  @Test
  @DisplayName("each bad record is parked in <topic>.dlq with its reason, and consumption goes on")
  void garbageGoesToTheDeadLetterTopics() throws Exception {
    ChaosCluster cluster = SharedChaosCluster.get();
    WindowOpsConfig config = cluster.config();
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    List<byte[]> wrongSchema = wrongSchemaValues(registry);
    Map<String, String> sentTo = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "chaos-fuzzer"), new StringSerializer(), new ByteArraySerializer())) {
      for (Topic<?> topic : INPUTS) {
        List<byte[]> values = garbage(wrongSchema).sampleStream().limit(PER_TOPIC).toList();
        for (byte[] value : values) {
          String id = UUID.randomUUID().toString();
          ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), "MNT-FUZZ-" + id.substring(0, 8), value);
          record.headers().add(FUZZ_HEADER, id.getBytes(StandardCharsets.UTF_8));
          producer.send(record).get();
          sentTo.put(id, topic.name());
        }
      }
    }

    Map<String, DeadLetter> parked = awaitDeadLetters(config, registry, sentTo, Duration.ofMinutes(3));
    assertThat(parked.keySet()).as("fuzz records parked (of %d sent)", sentTo.size()).containsExactlyInAnyOrderElementsOf(sentTo.keySet());
    parked.forEach((id, letter) -> {
      assertThat(letter.getSourceTopic()).isEqualTo(sentTo.get(id));
      assertThat(letter.getErrorClass()).isNotBlank();
      assertThat(letter.getErrorMessage()).as("reason of %s", id).isNotBlank();
    });

    // The next good records are still processed: windows requested now run end to end.
    ChaosReport after = new ChaosRun(cluster, new ChaosRun.Options(1, 4, false, false, System.nanoTime()), SharedChaosCluster.progress()).run();
    assertThat(after.completed()).as(after.details()).isEqualTo(4);
    assertThat(after.lost() + after.duplicateSteps() + after.duplicateNotices()).as(after.details()).isZero();
  }

  /** Random bytes, magic byte 0 with unknown or wrong schema ids, valid Avro of other schemas, empty and null. */
  private static Arbitrary<byte[]> garbage(List<byte[]> wrongSchema) {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
    Arbitrary<byte[]> unknownSchemaId =
        Arbitraries.integers().between(10_000, Integer.MAX_VALUE).flatMap(id -> random.map(tail ->
            ByteBuffer.allocate(5 + tail.length).put((byte) 0).putInt(id).put(tail).array()));
    Arbitrary<byte[]> truncated =
        Arbitraries.of(wrongSchema).flatMap(v -> Arbitraries.integers().between(1, Math.max(1, v.length - 1)).map(n -> java.util.Arrays.copyOf(v, n)));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, random),
        net.jqwik.api.Tuple.of(2, unknownSchemaId),
        net.jqwik.api.Tuple.of(3, Arbitraries.of(wrongSchema)),
        net.jqwik.api.Tuple.of(1, truncated),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new byte[0])),
        net.jqwik.api.Tuple.of(1, Arbitraries.just((byte[]) null)));
  }

  /** Well-formed Confluent-framed Avro records of a schema no input topic carries (a ledger record). */
  private static List<byte[]> wrongSchemaValues(SchemaRegistryClient registry) {
    AvroSerializer<DeliveryRecord> serializer = new AvroSerializer<>(registry);
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      DeliveryRecord r =
          DeliveryRecord.newBuilder()
              .setDeliveryKey("MNT-FUZZ/initial/WEBHOOK/x" + i)
              .setWindowId("MNT-FUZZ")
              .setMessageKey("initial")
              .setChannel(NotificationChannel.WEBHOOK)
              .setTarget("x" + i)
              .setState(DeliveryState.STARTED)
              .setAttempts(i)
              .setSourceEventId(UUID.randomUUID().toString())
              .setStartedAt(Instant.now())
              .setUpdatedAt(Instant.now())
              .build();
      values.add(serializer.serialize(Topics.DELIVERIES.name(), r));
    }
    return values;
  }

  private static Map<String, DeadLetter> awaitDeadLetters(
      WindowOpsConfig config, SchemaRegistryClient registry, Map<String, String> sent, Duration timeout) {
    Map<String, DeadLetter> parked = new HashMap<>();
    Set<String> topics = new HashSet<>(sent.values());
    try (KafkaConsumer<String, DeadLetter> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "unused-fuzz-reader", "fuzz-reader"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, DeadLetter.class))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (int p = 0; p < Topics.PARTITIONS; p++) {
          partitions.add(new TopicPartition(topic + Topic.DLQ_SUFFIX, p));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parked.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(500))) {
          Header id = r.headers().lastHeader(FUZZ_HEADER);
          if (id != null && sent.containsKey(new String(id.value(), StandardCharsets.UTF_8))) {
            parked.put(new String(id.value(), StandardCharsets.UTF_8), r.value());
          }
        }
      }
    }
    return parked;
  }
}
