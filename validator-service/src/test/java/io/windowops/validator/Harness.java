package io.windowops.validator;

import io.vertx.core.Vertx;
import io.windowops.events.EventMetadata;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The validator on the shared test broker: deploy it, send commands, read what it wrote. */
final class Harness implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  private final Map<String, String> settings;
  private KafkaProducer<String, ValidationCommandEnvelope> producer;

  Harness(String prometheusUrl, String lokiUrl) {
    settings = TestConfig.service("validator-it");
    settings.put("PROMETHEUS_URL", prometheusUrl);
    settings.put("LOKI_URL", lokiUrl);
  }

  WindowOpsConfig config() {
    return WindowOpsConfig.of(settings);
  }

  /** Deploys a validator and waits until it consumes; returns the deployment id. */
  String deploy(ValidatorVerticle verticle) throws Exception {
    String id = vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    verticle.awaitReady(Duration.ofSeconds(60));
    return id;
  }

  void undeploy(String deploymentId) throws Exception {
    vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Sends a ValidateWindow as the scheduler would; returns the envelope sent. */
  ValidationCommandEnvelope send(String windowId, ValidateWindow command) throws Exception {
    ValidationCommandEnvelope envelope = ValidationCommandEnvelope.newBuilder()
        .setMetadata(EventMetadata.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setWindowId(windowId)
            .setSequence(7)
            .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
            .setCorrelationId("pipeline:deploy-api#42")
            .setActor("scheduler")
            .build())
        .setPayload(command)
        .build();
    resend(windowId, envelope);
    return envelope;
  }

  /** Sends an envelope again, as a redelivery would. */
  void resend(String windowId, ValidationCommandEnvelope envelope) throws Exception {
    if (producer == null) {
      producer = new KafkaProducer<>(KafkaClientSettings.producer(config(), "validator-it-commands"),
          new StringSerializer(), new AvroSerializer<>(SharedRegistry.client()));
    }
    producer.send(new ProducerRecord<>(Topics.VALIDATIONS.name(), windowId, envelope)).get(10, TimeUnit.SECONDS);
  }

  /** Every committed outcome for a window so far. */
  List<ConsumerRecord<String, ValidationResultEnvelope>> outcomes(String windowId) {
    return readAll(Topics.VALIDATION_RESULTS).stream().filter(r -> windowId.equals(r.key())).toList();
  }

  /** Every committed progress entry of a window so far, in order. */
  List<ConsumerRecord<String, ValidationProgress>> progress(String windowId) {
    return readAll(Topics.VALIDATOR_PROGRESS).stream()
        .filter(r -> r.value() != null && windowId.equals(r.value().getWindowId()))
        .toList();
  }

  private <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(Topic<V> topic) {
    Map<String, Object> c = KafkaClientSettings.consumer(config(), "unused-" + UUID.randomUUID(), "validator-it-reader");
    List<ConsumerRecord<String, V>> all = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        new AvroDeserializer<>(SharedRegistry.client(), topic.valueClass()))) {
      List<TopicPartition> parts = IntStream.range(0, topic.partitions())
          .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
      }
    }
    return all;
  }

  @Override
  public void close() throws Exception {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
