package io.windowops.notifier.channel;

import static io.windowops.notifier.channel.ChannelTestSupport.await;
import static io.windowops.notifier.channel.ChannelTestSupport.delivery;
import static io.windowops.notifier.channel.ChannelTestSupport.failureOf;
import static io.windowops.notifier.channel.ChannelTestSupport.secretFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.NoticeKind;
import io.windowops.notifier.policy.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackChannelTest {

  @TempDir Path secrets;
  private Vertx vertx;
  private FakeHttp slack;
  private SlackChannel channel;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    slack = new FakeHttp(vertx);
    HttpDelivery http = new HttpDelivery(new RateLimiter(vertx, Duration.ofSeconds(1)),
        new HttpDelivery.Retry(4, Duration.ofMillis(50), Duration.ofSeconds(5)));
    channel = new SlackChannel(WebClient.create(vertx), http, new Secrets(vertx));
  }

  @AfterEach
  void tearDown() throws Exception {
    slack.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private Target.Slack webhookTarget() throws Exception {
    return new Target.Slack("ops-slack", "#maintenance",
        Optional.of(secretFile(secrets, "hook", slack.url("/services/T0/B0/XYZ"))), Optional.empty(), "unused");
  }

  private Target.Slack botTarget() throws Exception {
    return new Target.Slack("ops-slack", "#maintenance", Optional.empty(),
        Optional.of(secretFile(secrets, "token", "xoxb-test-token")), slack.url("/api"));
  }

  @Test
  @DisplayName("an incoming webhook receives a Block Kit message with a text fallback")
  void webhookShape() throws Exception {
    Sent sent = await(channel.send(delivery(webhookTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));

    assertThat(sent.attempts()).isEqualTo(1);
    assertThat(slack.requests).hasSize(1);
    FakeHttp.Request r = slack.requests.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/services/T0/B0/XYZ");
    assertThat(r.headers().get("Content-Type")).startsWith("application/json");
    JsonObject body = new JsonObject(r.body());
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("text", "blocks");
    assertThat(body.getString("text")).startsWith("[Scheduled maintenance] PostgreSQL 16 upgrade of orders-db");
    assertThat(body.getJsonArray("blocks").stream().map(b -> ((JsonObject) b).getString("type")))
        .containsExactly("header", "section", "context");
    assertThat(body.getJsonArray("blocks").getJsonObject(1).getJsonObject("text").getString("type")).isEqualTo("mrkdwn");
    assertThat(body.getJsonArray("blocks").getJsonObject(1).getJsonObject("text").getString("text"))
        .contains("Impact: Orders cannot be placed or changed");
  }

  @Test
  @DisplayName("with a bot token, chat.postMessage is authorised and later messages thread under the first")
  void botTokenThreads() throws Exception {
    slack.then(200, Map.of("Content-Type", "application/json"), "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1764554400.000100\"}");
    slack.then(200, Map.of("Content-Type", "application/json"), "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1764554460.000200\"}");

    Sent first = await(channel.send(delivery(botTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));
    Sent second = await(channel.send(delivery(botTarget(), "start", NoticeKind.START, Optional.of(first.externalId()))));

    assertThat(first.externalId()).isEqualTo("1764554400.000100");
    assertThat(second.externalId()).isEqualTo("1764554460.000200");
    FakeHttp.Request r1 = slack.requests.get(0);
    FakeHttp.Request r2 = slack.requests.get(1);
    assertThat(r1.path()).isEqualTo("/api/chat.postMessage");
    assertThat(r1.headers().get("Authorization")).isEqualTo("Bearer xoxb-test-token");
    assertThat(new JsonObject(r1.body()).getString("channel")).isEqualTo("#maintenance");
    assertThat(new JsonObject(r1.body()).containsKey("thread_ts")).isFalse();
    assertThat(new JsonObject(r2.body()).getString("thread_ts")).isEqualTo("1764554400.000100");
    assertThat(r2.atMillis() - r1.atMillis()).as("at most one message per second per channel").isGreaterThanOrEqualTo(950);
  }

  @Test
  @DisplayName("a 429 waits for Retry-After before the next attempt")
  void honoursRetryAfter() throws Exception {
    slack.then(429, Map.of("Retry-After", "2"), "rate_limited");

    Sent sent = await(channel.send(delivery(webhookTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));

    assertThat(sent.attempts()).isEqualTo(2);
    assertThat(slack.requests).hasSize(2);
    assertThat(slack.requests.get(1).atMillis() - slack.requests.get(0).atMillis()).isGreaterThanOrEqualTo(1_950);
  }

  @Test
  @DisplayName("5xx answers are retried with backoff until one succeeds")
  void retries5xx() throws Exception {
    slack.then(503, Map.of(), "unavailable").then(500, Map.of(), "oops");

    Sent sent = await(channel.send(delivery(webhookTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));

    assertThat(sent.attempts()).isEqualTo(3);
    assertThat(slack.requests).hasSize(3);
  }

  @Test
  @DisplayName("retries stop after the attempt limit with a non-permanent failure")
  void givesUp() throws Exception {
    slack.defaultStatus = 502;

    DeliveryFailure f = failureOf(channel.send(delivery(webhookTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));

    assertThat(f.permanent()).isFalse();
    assertThat(f.attempts()).isEqualTo(4);
    assertThat(f.getMessage()).isEqualTo("Slack #maintenance: HTTP 502 after 4 attempts");
    assertThat(slack.requests).hasSize(4);
  }

  @Test
  @DisplayName("a webhook that is gone (410) or missing (404) fails permanently at once, without the secret URL")
  void goneIsPermanent() throws Exception {
    slack.then(410, Map.of(), "no_service");
    DeliveryFailure gone = failureOf(channel.send(delivery(webhookTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));
    slack.then(404, Map.of(), "no_team");
    DeliveryFailure missing = failureOf(channel.send(delivery(webhookTarget(), "start", NoticeKind.START, Optional.empty())));

    assertThat(gone.permanent()).isTrue();
    assertThat(gone.getMessage()).isEqualTo("Slack #maintenance: HTTP 410 (gone): no_service").doesNotContain("XYZ");
    assertThat(missing.permanent()).isTrue();
    assertThat(slack.requests).hasSize(2);
  }

  @Test
  @DisplayName("chat.postMessage errors such as channel_not_found are permanent")
  void apiErrorIsPermanent() throws Exception {
    slack.then(200, Map.of("Content-Type", "application/json"), "{\"ok\":false,\"error\":\"channel_not_found\"}");
    DeliveryFailure f = failureOf(channel.send(delivery(botTarget(), "initial", NoticeKind.INITIAL, Optional.empty())));
    assertThat(f.permanent()).isTrue();
    assertThat(f.getMessage()).isEqualTo("Slack #maintenance: channel_not_found");
  }

  @Test
  @DisplayName("messages to one channel sent together still go out at most one per second")
  void rateLimit() throws Exception {
    Target.Slack t = webhookTarget();
    await(Future.all(
        channel.send(delivery(t, "a", NoticeKind.PROGRESS, Optional.empty())),
        channel.send(delivery(t, "b", NoticeKind.PROGRESS, Optional.empty())),
        channel.send(delivery(t, "c", NoticeKind.PROGRESS, Optional.empty()))));
    assertThat(slack.requests).hasSize(3);
    assertThat(slack.requests.get(2).atMillis() - slack.requests.get(0).atMillis()).isGreaterThanOrEqualTo(1_950);
  }
}
