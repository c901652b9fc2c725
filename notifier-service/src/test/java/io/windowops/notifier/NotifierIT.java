package io.windowops.notifier;

import static io.windowops.notifier.Fixtures.notice;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import io.windowops.events.NotificationChannel;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.NotificationFailed;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.notifier.channel.EmailChannelProbe;
import io.windowops.notifier.channel.FakeHttp;
import io.windowops.notifier.ledger.TopicReplay;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.TopicBootstrap;
import org.apache.kafka.clients.admin.Admin;
import io.windowops.platform.metrics.Meters;
import io.windowops.platform.testkit.SharedRegistry;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroSerializer;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The notifier on the real broker: one delivery per key under redelivery, replay and restarts. */
class NotifierIT {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;
  private Vertx vertx;
  private FakeHttp slack;
  private KafkaProducer<String, SpecificRecord> producer;
  private Path policy;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    slack = new FakeHttp(vertx);
    Path hook = dir.resolve("slack-hook");
    Files.writeString(hook, slack.url("/services/T/B/secret"));
    policy = dir.resolve("notifier.yaml");
    Files.writeString(policy, """
        smtp: {host: 127.0.0.1, port: %d, startTls: disabled}
        targets:
          customers: {type: email, from: maintenance@example.com, to: [customers@example.com]}
          ops-slack: {type: slack, channel: "#maintenance", webhookUrl: "file:%s"}
          status-page: {type: status-page}
        routes:
          - when: {environments: [production]}
            targets: [customers, ops-slack, status-page]
        """.formatted(greenMail.getSmtp().getPort(), hook));
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config(), "notifier-it-admin-" + run))) {
      // Fresh topics can briefly report no leader; the bootstrap is idempotent, so retry it.
      await("topics exist").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        TopicBootstrap.ensureTopics(admin, Topics.withDlqs());
        return true;
      });
    }
    producer = new KafkaProducer<>(
        KafkaClientSettings.producer(config(), "notifier-it-" + run), new StringSerializer(), new AvroSerializer<>(SharedRegistry.client()));
  }

  @AfterEach
  void tearDown() throws Exception {
    producer.close();
    slack.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private WindowOpsConfig config() {
    Map<String, String> settings = TestConfig.service("it-" + run);
    settings.put(NotifierVerticle.POLICY, policy.toString());
    return WindowOpsConfig.of(settings);
  }

  private NotifierVerticle deploy() throws Exception {
    NotifierVerticle v = new NotifierVerticle(config());
    String id = vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get();
    v.awaitReady(Duration.ofSeconds(60));
    deployments.add(id);
    return v;
  }

  private final List<String> deployments = new ArrayList<>();

  private void undeployAll() throws Exception {
    for (String id : deployments) {
      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get();
    }
    deployments.clear();
  }

  private void send(String windowId, WindowEventEnvelope event) throws Exception {
    producer.send(new ProducerRecord<>(Topics.WINDOWS.name(), windowId, event)).get();
  }

  private List<NotificationEnvelope> facts(String windowId) {
    List<NotificationEnvelope> out = new ArrayList<>();
    TopicReplay.readAll(config(), SharedRegistry.client(), Topics.NOTIFICATIONS, "it-facts-" + UUID.randomUUID(),
        r -> {
          if (windowId.equals(r.key())) {
            out.add(r.value());
          }
        });
    return out;
  }

  private List<MimeMessage> mailsFor(String windowId) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
      try {
        return m.getHeader("X-WindowOps-Delivery")[0].startsWith(windowId + "/");
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  private static double duplicates(NotificationChannel channel) {
    Counter c = Meters.registry().find("windowops.notifier.deliveries")
        .tags("channel", channel.name().toLowerCase(), "outcome", "duplicate").counter();
    return c == null ? 0 : c.count();
  }

  @Test
  @DisplayName("a NoticeDue sends one email and publishes one NotificationDelivered; the same event redelivered or replayed after a restart sends nothing more")
  void exactlyOnce() throws Exception {
    String window = "MNT-IT-" + run;
    WindowEventEnvelope event = Fixtures.envelope(window, Instant.now(),
        notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE)));
    deploy();

    send(window, event);
    await("one email and three delivered facts").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(mailsFor(window)).hasSize(1);
      assertThat(facts(window)).hasSize(3);
    });
    MimeMessage mail = mailsFor(window).get(0);
    assertThat(mail.getSubject()).startsWith("[Scheduled maintenance] PostgreSQL 16 upgrade of orders-db");
    assertThat(facts(window)).allSatisfy(f -> assertThat(f.getPayload()).isInstanceOf(NotificationDelivered.class));
    assertThat(facts(window).stream().map(f -> ((NotificationDelivered) f.getPayload()).getDeliveryKey()))
        .containsExactlyInAnyOrder(window + "/initial/EMAIL/customers", window + "/initial/SLACK/ops-slack",
            window + "/initial/STATUS_PAGE/status-page");
    assertThat(slack.requests).hasSize(1);

    // Redelivery: the same event again, to the running notifier.
    double before = duplicates(NotificationChannel.EMAIL);
    send(window, event);
    await("the duplicate is recognised").atMost(Duration.ofSeconds(30))
        .until(() -> duplicates(NotificationChannel.EMAIL) >= before + 1);
    assertThat(mailsFor(window)).hasSize(1);
    assertThat(slack.requests).hasSize(1);
    assertThat(facts(window)).hasSize(3);

    // Replay after a restart: a new notifier rebuilds its ledger from the topic and sees it again.
    undeployAll();
    double beforeRestart = duplicates(NotificationChannel.EMAIL);
    deploy();
    send(window, event);
    await("the replayed event is recognised").atMost(Duration.ofSeconds(30))
        .until(() -> duplicates(NotificationChannel.EMAIL) >= beforeRestart + 1);
    assertThat(mailsFor(window)).hasSize(1);
    assertThat(slack.requests).hasSize(1);
    assertThat(facts(window)).hasSize(3);
  }

  @Test
  @DisplayName("after a crash between send and ledger write, email is resent with the same Message-ID and Slack is reported, not resent")
  void interruptedDeliveries() throws Exception {
    String window = "MNT-IT-CRASH-" + run;
    Instant t = Instant.now();
    for (var channel : List.of(NotificationChannel.EMAIL, NotificationChannel.SLACK)) {
      String target = channel == NotificationChannel.EMAIL ? "customers" : "ops-slack";
      String key = window + "/initial/" + channel + "/" + target;
      DeliveryRecord started = DeliveryRecord.newBuilder()
          .setDeliveryKey(key).setWindowId(window).setMessageKey("initial").setChannel(channel).setTarget(target)
          .setState(DeliveryState.STARTED).setAttempts(1).setSourceEventId("e-1").setStartedAt(t).setUpdatedAt(t).build();
      producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), key, started)).get();
    }
    deploy();

    send(window, Fixtures.envelope(window, Instant.now(),
        notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE))));
    await("outcomes for all three targets").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(facts(window)).hasSize(3));

    List<NotificationEnvelope> facts = facts(window);
    NotificationFailed slackFact = facts.stream().map(NotificationEnvelope::getPayload)
        .filter(NotificationFailed.class::isInstance).map(NotificationFailed.class::cast).findFirst().orElseThrow();
    assertThat(slackFact.getChannel()).isEqualTo(NotificationChannel.SLACK);
    assertThat(slackFact.getPermanent()).isTrue();
    assertThat(slackFact.getError()).startsWith("interrupted by a restart");
    assertThat(slack.requests).isEmpty();
    assertThat(mailsFor(window)).hasSize(1);
    assertThat(mailsFor(window).get(0).getMessageID())
        .isEqualTo(EmailChannelProbe.messageId(window + "/initial/EMAIL/customers", "windowops.127.0.0.1"));
  }
}
