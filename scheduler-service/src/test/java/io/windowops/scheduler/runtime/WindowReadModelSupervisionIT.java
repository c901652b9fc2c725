package io.windowops.scheduler.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.windowops.events.EventMetadata;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.RestartBackoff;
import io.windowops.platform.kafka.TopicBootstrap;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The window read model on the real broker")
class WindowReadModelSupervisionIT {

  private final String window = "MNT-READ-MODEL-" + UUID.randomUUID().toString().substring(0, 8);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicBoolean failNextPoll = new AtomicBoolean(false);
  private final AtomicInteger clientsMade = new AtomicInteger();
  private WindowOpsConfig config;
  private SchemaRegistryClient registry;
  private KafkaProducer<String, WindowEventEnvelope> producer;
  private WindowReadModel model;

  /** A real client whose poll throws once when the test says so: a fault inside the loop. */
  final class FaultyClient extends KafkaConsumer<String, SpecificRecord> {
    FaultyClient(Map<String, Object> settings) {
      super(settings, new StringDeserializer(), new ByTopicDeserializer(Map.of(
          Topics.WINDOW_STATE.name(), new AvroDeserializer<>(registry, WindowStateSnapshot.class),
          Topics.WINDOWS.name(), new AvroDeserializer<>(registry, WindowEventEnvelope.class),
          Topics.STEP_RESULTS.name(), new AvroDeserializer<>(registry, StepResultEnvelope.class),
          Topics.VALIDATION_RESULTS.name(), new AvroDeserializer<>(registry, ValidationResultEnvelope.class),
          Topics.NOTIFICATIONS.name(), new AvroDeserializer<>(registry, NotificationEnvelope.class))));
    }

    @Override
    public ConsumerRecords<String, SpecificRecord> poll(Duration timeout) {
      if (failNextPoll.compareAndSet(true, false)) {
        throw new IllegalStateException("injected fault in the read model's poll");
      }
      return super.poll(timeout);
    }
  }

  @BeforeEach
  void setUp() {
    config = WindowOpsConfig.of(TestConfig.service("read-model-it"));
    registry = SharedRegistry.client();
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "read-model-it-admin"))) {
      await("topics exist").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        TopicBootstrap.ensureTopics(admin, Topics.withDlqs());
        return true;
      });
    }
    producer = new KafkaProducer<>(KafkaClientSettings.producer(config, "read-model-it"), new StringSerializer(),
        new AvroSerializer<>(registry));
  }

  @AfterEach
  void tearDown() {
    if (model != null) {
      model.close();
    }
    producer.close();
  }

  @Test
  @DisplayName("restarts after a fault in its loop, reports it, and goes on from where it was: no event lost, none applied twice")
  void restartsWhereItLeftOff() throws Exception {
    publish(3);
    ConsumerHealth health = ConsumerHealth.register("read-model", "windowops.scheduler", meters, Clock.systemUTC());
    model = new WindowReadModel(() -> {
      clientsMade.incrementAndGet();
      return new FaultyClient(KafkaClientSettings.consumer(config, null, "read-model-it"));
    }, health, new RestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60)));
    model.start();
    assertThat(model.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
    assertThat(model.timeline(window)).hasSize(3);

    failNextPoll.set(true);
    await("the model restarts with a new client").atMost(Duration.ofSeconds(30))
        .until(() -> health.restarts() == 1 && health.state() == ConsumerHealth.State.RUNNING);
    assertThat(clientsMade).hasValue(2);
    assertThat(health.report(Duration.ofMinutes(5)).details()).containsEntry("lastError",
        "java.lang.IllegalStateException: injected fault in the read model's poll");

    publish(2);
    await("events after the restart are applied").atMost(Duration.ofSeconds(30))
        .until(() -> model.timeline(window).size() >= 5);
    List<String> ids = model.timeline(window).stream().map(e -> e.getMetadata().getEventId()).toList();
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
    assertThat(model.timeline(window).stream().map(e -> e.getMetadata().getSequence()))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(health.report(Duration.ofMinutes(5)).ready()).isTrue();
    assertThat(meters.get("windowops.scheduler.consumer.restarts").tag("consumer", "read-model").counter().count())
        .isEqualTo(1.0);
  }

  private int published;

  private void publish(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      published++;
      Instant now = Instant.now();
      WindowEventEnvelope event = WindowEventEnvelope.newBuilder()
          .setMetadata(EventMetadata.newBuilder()
              .setEventId(UUID.randomUUID().toString())
              .setWindowId(window)
              .setSequence(published)
              .setOccurredAt(now)
              .setActor("read-model-it")
              .build())
          .setPayload(WindowOpened.newBuilder().setScheduledStart(now).setScheduledEnd(now.plusSeconds(60)).build())
          .build();
      producer.send(new ProducerRecord<>(Topics.WINDOWS.name(), window, event)).get();
    }
  }
}
