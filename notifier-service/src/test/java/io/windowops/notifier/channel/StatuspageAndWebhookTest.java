package io.windowops.notifier.channel;

import static io.windowops.notifier.channel.ChannelTestSupport.await;
import static io.windowops.notifier.channel.ChannelTestSupport.delivery;
import static io.windowops.notifier.channel.ChannelTestSupport.failureOf;
import static io.windowops.notifier.channel.ChannelTestSupport.secretFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.NoticeKind;
import io.windowops.notifier.policy.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatuspageAndWebhookTest {

  @TempDir Path secrets;
  private Vertx vertx;
  private FakeHttp server;
  private HttpDelivery http;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    server = new FakeHttp(vertx);
    http = new HttpDelivery(new RateLimiter(vertx, Duration.ofSeconds(1)), new HttpDelivery.Retry(4, Duration.ofMillis(50), Duration.ofSeconds(5)));
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("Statuspage: the first notice creates a scheduled maintenance, later ones move that incident")
  void statuspageLifecycle() throws Exception {
    var target = new Target.Statuspage("public", "page1", secretFile(secrets, "key", "sp-key"), List.of("comp1", "comp2"), server.url("/v1"));
    var channel = new StatuspageChannel(WebClient.create(vertx), http, new Secrets(vertx));
    server.then(201, Map.of("Content-Type", "application/json"), "{\"id\":\"inc-42\",\"status\":\"scheduled\"}");
    server.then(429, Map.of("Retry-After", "1"), "{\"error\":\"rate limited\"}");
    server.then(200, Map.of("Content-Type", "application/json"), "{\"id\":\"inc-42\",\"status\":\"in_progress\"}");
    server.then(200, Map.of("Content-Type", "application/json"), "{\"id\":\"inc-42\",\"status\":\"completed\"}");

    Sent created = await(channel.send(delivery(target, "initial", NoticeKind.INITIAL, Optional.empty())));
    Sent started = await(channel.send(delivery(target, "start", NoticeKind.START, Optional.of(created.externalId()))));
    await(channel.send(delivery(target, "completion", NoticeKind.COMPLETION, Optional.of(created.externalId()))));

    assertThat(created.externalId()).isEqualTo("inc-42");
    assertThat(started.attempts()).as("one 429, then accepted").isEqualTo(2);
    var create = server.requests.get(0);
    assertThat(create.method()).isEqualTo("POST");
    assertThat(create.path()).isEqualTo("/v1/pages/page1/incidents");
    assertThat(create.headers().get("Authorization")).isEqualTo("OAuth sp-key");
    JsonObject incident = new JsonObject(create.body()).getJsonObject("incident");
    assertThat(incident.getString("name")).isEqualTo("PostgreSQL 16 upgrade of orders-db");
    assertThat(incident.getString("status")).isEqualTo("scheduled");
    assertThat(incident.getString("scheduled_for")).isEqualTo("2026-12-01T02:00:00Z");
    assertThat(incident.getString("scheduled_until")).isEqualTo("2026-12-01T04:30:00Z");
    assertThat(incident.getJsonArray("component_ids").getList()).containsExactly("comp1", "comp2");
    assertThat(server.requests).hasSize(4);
    assertThat(server.requests.get(1).method()).isEqualTo("PATCH");
    assertThat(server.requests.get(1).path()).isEqualTo("/v1/pages/page1/incidents/inc-42");
    assertThat(server.requests.get(2).atMillis() - server.requests.get(1).atMillis()).isGreaterThanOrEqualTo(950);
    assertThat(new JsonObject(server.requests.get(2).body()).getJsonObject("incident").getString("status")).isEqualTo("in_progress");
    assertThat(new JsonObject(server.requests.get(3).body()).getJsonObject("incident").getString("status")).isEqualTo("completed");
  }

  @Test
  @DisplayName("Statuspage: an unknown incident (404) is a permanent failure")
  void statuspageGone() throws Exception {
    var target = new Target.Statuspage("public", "page1", secretFile(secrets, "key", "sp-key"), List.of(), server.url("/v1"));
    server.then(404, Map.of(), "{\"error\":\"not found\"}");
    DeliveryFailure f = failureOf(new StatuspageChannel(WebClient.create(vertx), http, new Secrets(vertx))
        .send(delivery(target, "start", NoticeKind.START, Optional.of("inc-gone"))));
    assertThat(f.permanent()).isTrue();
  }

  @Test
  @DisplayName("a generic webhook gets JSON signed with HMAC-SHA256 over the exact body, and the delivery key")
  void webhookSigned() throws Exception {
    var target = new Target.Webhook("bridge", server.url("/hook"), secretFile(secrets, "hmac", "hmac-key-1"));
    await(new WebhookChannel(WebClient.create(vertx), http, new Secrets(vertx)).send(delivery(target, "failure", NoticeKind.FAILURE, Optional.empty())));

    var r = server.requests.get(0);
    String expected = "sha256=" + WebhookChannel.hmac("hmac-key-1", r.body().getBytes(StandardCharsets.UTF_8));
    assertThat(r.headers().get(WebhookChannel.SIGNATURE_HEADER)).isEqualTo(expected);
    assertThat(r.headers().get(WebhookChannel.DELIVERY_HEADER)).isEqualTo("MNT-7/failure/WEBHOOK/bridge");
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("kind")).isEqualTo("FAILURE");
    assertThat(body.getJsonObject("window").getString("id")).isEqualTo("MNT-7");
    assertThat(body.getJsonObject("window").getString("scheduledStart")).isEqualTo("2026-12-01T02:00:00Z");
    assertThat(body.getString("subject")).isEqualTo("[Problem] PostgreSQL 16 upgrade of orders-db");
  }
}
