package io.windowops.notifier;

import static io.windowops.notifier.Fixtures.notice;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import io.windowops.events.NotificationChannel;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.notifier.channel.FakeHttp;
import io.windowops.notifier.ledger.TopicReplay;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.TopicBootstrap;
import io.windowops.platform.metrics.Meters;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's duplicate guard across instances, and its retries, on the real broker. */
class DeliveryGuardIT {

  private static final String GROUP = "windowops-notifier";

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> deployments = new HashMap<>();
  private Vertx vertx;
  private FakeHttp slack;
  private KafkaProducer<String, SpecificRecord> producer;
  private Admin admin;
  private Path policy;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    slack = new FakeHttp(vertx);
    Path hook = dir.resolve("slack-hook");
    Files.writeString(hook, slack.url("/services/T/B/secret"));
    policy = dir.resolve("notifier.yaml");
    Files.writeString(policy, """
        targets:
          ops-slack: {type: slack, channel: "#maintenance", webhookUrl: "file:%s"}
        routes:
          - when: {environments: [production]}
            targets: [ops-slack]
        """.formatted(hook));
    admin = Admin.create(KafkaClientSettings.admin(config("setup"), "guard-it-admin-" + run));
    await("topics exist").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      TopicBootstrap.ensureTopics(admin, Topics.withDlqs());
      return true;
    });
    producer = new KafkaProducer<>(KafkaClientSettings.producer(config("setup"), "guard-it-" + run),
        new StringSerializer(), new AvroSerializer<>(SharedRegistry.client()));
  }

  @AfterEach
  void tearDown() throws Exception {
    producer.close();
    admin.close();
    slack.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private WindowOpsConfig config(String instance) {
    Map<String, String> settings = TestConfig.service("guard-" + instance + "-" + run);
    settings.put(NotifierVerticle.POLICY, policy.toString());
    return WindowOpsConfig.of(settings);
  }

  private NotifierVerticle deploy(String instance) throws Exception {
    NotifierVerticle v = new NotifierVerticle(config(instance));
    deployments.put(instance, vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get());
    return v;
  }

  @Test
  @DisplayName("after the other instance leaves and its partitions move here, a redelivered notice it had delivered is not sent again")
  void noSecondDeliveryAfterAPartitionMoves() throws Exception {
    NotifierVerticle a = deploy("a");
    NotifierVerticle b = deploy("b");
    a.awaitReady(Duration.ofSeconds(60));
    b.awaitReady(Duration.ofSeconds(60));
    await("both instances own windows partitions").atMost(Duration.ofSeconds(60))
        .until(() -> ownersOfWindowsPartitions() == 2);

    // One window per partition, so each instance delivers some of them.
    List<String> windows = onePerPartition();
    Map<String, WindowEventEnvelope> events = new HashMap<>();
    for (String w : windows) {
      events.put(w, Fixtures.envelope(w, Instant.now(),
          notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE))));
      send(w, events.get(w));
    }
    await("every window's notice is delivered once").atMost(Duration.ofSeconds(60))
        .until(() -> delivered(windows) == windows.size());
    assertThat(slack.requests).hasSize(windows.size());

    vertx.undeploy(deployments.remove("b")).toCompletionStage().toCompletableFuture().get();
    await("instance a owns every windows partition").atMost(Duration.ofSeconds(60))
        .until(() -> ownersOfWindowsPartitions() == 1);
    double before = duplicates();
    for (String w : windows) {
      send(w, events.get(w)); // as after a crash before the offset commit: the same notices again
    }

    await("every redelivered notice is recognised as delivered").atMost(Duration.ofSeconds(60))
        .until(() -> duplicates() >= before + windows.size());
    assertThat(slack.requests).hasSize(windows.size());
    assertThat(delivered(windows)).isEqualTo(windows.size());
    String ready = get("http://127.0.0.1:" + a.httpPort() + "/health/ready");
    assertThat(ready).contains("\"ledger\"").contains("\"input-windowops.windows.v1\"").contains("\"outcome\":\"UP\"");
  }

  @Test
  @DisplayName("a delivery failing transiently is sent again with backoff before its offset moves on, and recorded once delivered")
  void transientFailureIsRetriedBeforeTheOffsetMoves() throws Exception {
    deploy("solo").awaitReady(Duration.ofSeconds(60));
    // Five 5xx answers: more than one round of the channel's own four attempts.
    slack.failNext(5, 503);
    String window = "MNT-RETRY-" + run;
    send(window, Fixtures.envelope(window, Instant.now(),
        notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE))));

    await("the delivery succeeds").atMost(Duration.ofSeconds(60)).until(() -> delivered(List.of(window)) == 1);
    NotificationDelivered fact = (NotificationDelivered) facts(List.of(window)).get(0).getPayload();
    assertThat(fact.getAttempts()).isEqualTo(6);
    assertThat(slack.requests).hasSize(6);
    assertThat(facts(List.of(window))).hasSize(1);
  }

  private void send(String windowId, WindowEventEnvelope event) throws Exception {
    producer.send(new ProducerRecord<>(Topics.WINDOWS.name(), windowId, event)).get();
  }

  private List<String> onePerPartition() {
    Map<Integer, String> byPartition = new HashMap<>();
    for (int i = 0; byPartition.size() < Topics.PARTITIONS; i++) {
      String w = "MNT-MOVE-" + run + "-" + i;
      int p = Utils.toPositive(Utils.murmur2(w.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
      byPartition.putIfAbsent(p, w);
    }
    return List.copyOf(byPartition.values());
  }

  /** Members of the notifier group that hold windows partitions now. */
  private long ownersOfWindowsPartitions() throws Exception {
    ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
    Collection<MemberDescription> members = group.members();
    long owners = members.stream()
        .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.WINDOWS.name())))
        .count();
    long assigned = members.stream()
        .mapToLong(m -> m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.WINDOWS.name())).count())
        .sum();
    return assigned == Topics.PARTITIONS ? owners : -1;
  }

  private List<NotificationEnvelope> facts(List<String> windows) {
    List<NotificationEnvelope> out = new ArrayList<>();
    TopicReplay.readAll(config("setup"), SharedRegistry.client(), Topics.NOTIFICATIONS, "guard-facts-" + UUID.randomUUID(),
        r -> {
          if (windows.contains(r.key())) {
            out.add(r.value());
          }
        });
    return out;
  }

  private long delivered(List<String> windows) {
    return facts(windows).stream().filter(f -> f.getPayload() instanceof NotificationDelivered).count();
  }

  private static double duplicates() {
    Counter c = Meters.registry().find("windowops.notifier.deliveries")
        .tags("channel", NotificationChannel.SLACK.name().toLowerCase(), "outcome", "duplicate").counter();
    return c == null ? 0 : c.count();
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
