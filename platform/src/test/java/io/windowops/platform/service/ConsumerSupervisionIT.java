package io.windowops.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.windowops.events.AbortRequested;
import io.windowops.events.EventMetadata;
import io.windowops.events.RequestEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroSerializer;
import io.windowops.platform.testkit.SharedRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A service whose input consumer fails")
class ConsumerSupervisionIT {

  private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  /**
   * Consumes the requests topic; the first time it sees the slow key its handler takes longer than
   * max.poll.interval.ms, so the group drops the consumer and the next commit fails with
   * CommitFailedException, as slow Slack pacing can cause in the notifier.
   */
  final class SlowOnceService extends WindowOpsService {
    SlowOnceService(WindowOpsConfig config) {
      super("supervised" + run, config);
    }

    @Override
    protected List<Input<?>> inputs() {
      return List.of(new Input<>(Topics.REQUESTS, this::handle));
    }

    private Future<Void> handle(ConsumerRecord<String, RequestEnvelope> record) {
      if (record.key() == null || !record.key().endsWith(run)) {
        return Future.succeededFuture(); // another test's record on the shared topic
      }
      boolean first = !handled.contains(record.key());
      handled.add(record.key());
      if (first && record.key().startsWith("SLOW-")) {
        Promise<Void> done = Promise.promise();
        vertx.setTimer(3_000, t -> done.complete());
        return done.future();
      }
      return Future.succeededFuture();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  @DisplayName("restarts it with a new client: readiness goes red then green, the restart is counted, and every record is handled and committed")
  void restartsAfterCommitFailed() throws Exception {
    Map<String, String> settings = TestConfig.service("supervised-" + run);
    settings.put("KAFKA_MAX_POLL_INTERVAL_MS", "1500");
    // A first restart delay long enough for the red readiness to be seen over HTTP.
    settings.put("WINDOWOPS_CONSUMER_RESTART_DELAY", "PT1S");
    WindowOpsConfig config = WindowOpsConfig.of(settings);
    vertx = Vertx.vertx();
    SlowOnceService service = new SlowOnceService(config);
    vertx.deployVerticle(service).toCompletionStage().toCompletableFuture().get();
    service.awaitReady(Duration.ofSeconds(60));
    String base = "http://127.0.0.1:" + service.httpPort();
    await("the consumer has its partitions").atMost(Duration.ofSeconds(30))
        .until(() -> get(base + "/health/ready").statusCode() == 200);
    assertThat(get(base + "/health/ready").body()).contains("\"consumers\"").contains("RUNNING");

    List<String> keys = List.of("A-" + run, "B-" + run, "SLOW-" + run, "C-" + run, "D-" + run);
    Map<TopicPartition, Long> ends = produce(config, keys);

    AtomicReference<HttpResponse<String>> red = new AtomicReference<>();
    await("readiness turns red while the consumer restarts").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> {
          HttpResponse<String> r = get(base + "/health/ready");
          red.set(r);
          return r.statusCode() == 503;
        });
    assertThat(red.get().body()).contains("\"consumers\"").containsPattern("RESTARTING|STARTING");
    assertThat(get(base + "/health/live").statusCode()).as("a restarting consumer is alive").isEqualTo(200);

    await("readiness is green again and every record is handled and committed").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get(base + "/health/ready").statusCode() == 200
            && handled.containsAll(keys)
            && committed(config, "windowops-supervised" + run, ends));
    // The slow record's commit failed, so the new client got it again: at least once, none skipped.
    assertThat(handled.stream().filter(k -> k.startsWith("SLOW-"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(handled).containsAll(keys);
    String metrics = get(base + "/metrics").body();
    assertThat(metrics).containsPattern(
        "windowops_supervised" + run + "_consumer_restarts_total\\{consumer=\"input-windowops.requests.v1\"[^}]*} [1-9]");
    assertThat(get(base + "/health/live").body()).contains("\"consumers\"").contains("\"threadAlive\":true");
  }

  private Map<TopicPartition, Long> produce(WindowOpsConfig config, List<String> keys) throws Exception {
    Map<TopicPartition, Long> ends = new java.util.HashMap<>();
    try (KafkaProducer<String, RequestEnvelope> producer =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "supervised-it-" + run), new StringSerializer(),
            new AvroSerializer<>(SharedRegistry.client()))) {
      for (String key : keys) {
        RecordMetadata m = producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), key, abort(key))).get();
        ends.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max);
      }
    }
    return ends;
  }

  private static boolean committed(WindowOpsConfig config, String group, Map<TopicPartition, Long> ends) throws Exception {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "supervised-it-admin"))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      return ends.entrySet().stream().allMatch(e -> {
        OffsetAndMetadata o = offsets.get(e.getKey());
        return o != null && o.offset() >= e.getValue();
      });
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static RequestEnvelope abort(String windowId) {
    return RequestEnvelope.newBuilder()
        .setMetadata(EventMetadata.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setWindowId(windowId)
            .setSequence(0)
            .setOccurredAt(Instant.now())
            .setActor("supervision-test")
            .build())
        .setPayload(AbortRequested.newBuilder().setReason("test").build())
        .build();
  }
}
