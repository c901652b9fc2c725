package io.windowops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.testkit.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager's webhook against the scheduler on the real broker, with the example policy: a
 * firing Oneiric alert opens its runbook's emergency window, the same alert again opens no second
 * one, its resolution lands on the window's timeline, and a malformed payload is refused naming
 * the field.
 */
@DisplayName("The Alertmanager webhook on the real broker")
class AlertWebhookIT {

  private static final String ALERTMANAGER = "alertmanager-dev-token";
  private static final String AUDITOR = "auditor-dev-token";
  private static Vertx vertx;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = TestConfig.service("alert-webhook-it-" + UUID.randomUUID());
    settings.put(SchedulerVerticle.POLICY_FILE, "../examples/policies.yaml");
    settings.put(SchedulerVerticle.API_TOKENS_FILE, "../examples/api-tokens.yaml");
    vertx = Vertx.vertx();
    SchedulerVerticle scheduler = new SchedulerVerticle(WindowOpsConfig.of(settings));
    vertx.deployVerticle(scheduler).toCompletionStage().toCompletableFuture().get();
    scheduler.awaitReady(Duration.ofSeconds(90));
    base = "http://127.0.0.1:" + scheduler.httpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("a firing alert opens one window however often it repeats; its resolution is recorded once")
  void firingRepeatedResolved() throws Exception {
    String fingerprint = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Instant startsAt = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    String windowId = "ALERT-" + fingerprint + "-" + startsAt.getEpochSecond();

    HttpResponse<String> first = post(ALERTMANAGER, payload("firing", alert("firing", fingerprint, startsAt, "P1")));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonObject outcome = new JsonObject(first.body()).getJsonArray("alerts").getJsonObject(0);
    assertThat(outcome.getString("windowId")).isEqualTo(windowId);
    assertThat(outcome.getString("outcome")).isEqualTo("OPENED");
    assertThat(outcome.getString("severity")).as("the alert's severity label wins over the runbook's P0").isEqualTo("P1");

    JsonObject window = awaitWindow(windowId, w -> events(w).contains("IncidentEscalated"));
    assertThat(window.getString("status")).as(window.encodePrettily()).isIn("SCHEDULED", "OPEN", "RUNNING");
    assertThat(window.getString("maintenanceType")).isEqualTo("EMERGENCY");
    assertThat(window.getString("requester")).isEqualTo("alertmanager");
    assertThat(window.getString("title")).isEqualTo("[P1] Oneiric cache corruption (digest verification failed)");

    HttpResponse<String> again = post(ALERTMANAGER, payload("firing", alert("firing", fingerprint, startsAt, "P1")));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(new JsonObject(again.body()).getJsonArray("alerts").getJsonObject(0).getString("outcome")).isEqualTo("ALREADY_OPEN");

    JsonObject resolved = alert("resolved", fingerprint, startsAt, "P1").put("endsAt", Instant.now().toString());
    assertThat(post(ALERTMANAGER, payload("resolved", resolved)).statusCode()).isEqualTo(200);
    assertThat(post(ALERTMANAGER, payload("resolved", resolved)).statusCode()).as("Alertmanager repeats it").isEqualTo(200);
    JsonObject after = awaitWindow(windowId, w -> events(w).contains("AlertResolutionRecorded"));

    assertThat(after.getJsonObject("alert").getString("severity")).isEqualTo("P1");
    assertThat(after.getJsonObject("alert").getString("resolvedAt")).isNotNull();
    List<String> events = events(after);
    assertThat(events.stream().filter("WindowScheduled"::equals).count()).as("one window: %s", events).isEqualTo(1);
    assertThat(events.stream().filter("AlertResolutionRecorded"::equals).count()).as("resolved once: %s", events).isEqualTo(1);
    assertThat(events.stream().filter("IncidentEscalated"::equals).count()).as("on-call paged once: %s", events).isEqualTo(1);
    HttpResponse<String> list = get("/windows?state=" + after.getString("status"));
    assertThat(new JsonObject(list.body()).getJsonArray("windows").stream()
        .filter(w -> ((JsonObject) w).getString("windowId").startsWith("ALERT-" + fingerprint)).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("the durable escalation timer notifies the next level when its threshold passes")
  void escalationTimerFires() throws Exception {
    String fingerprint = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    // P0's team-lead threshold is 30 minutes after the start: 3 seconds from now.
    Instant startsAt = Instant.now().minus(Duration.ofMinutes(30)).plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
    String windowId = "ALERT-" + fingerprint + "-" + startsAt.getEpochSecond();
    JsonObject alert = alert("firing", fingerprint, startsAt, null);
    alert.getJsonObject("labels").put("alertname", "OneiricResolutionFailureRateHigh");
    HttpResponse<String> r = post(ALERTMANAGER, payload("firing", alert));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    // Whatever the policy decided (another Oneiric window may hold the service), people are told.
    JsonObject escalated = awaitWindow(windowId,
        w -> events(w).stream().filter("IncidentEscalated"::equals).count() == 2);
    List<String> details = escalated.getJsonArray("timeline").stream().map(e -> (JsonObject) e)
        .filter(e -> "IncidentEscalated".equals(e.getString("event"))).map(e -> e.getString("detail")).toList();
    assertThat(details.get(0)).contains("on-call");
    assertThat(details.get(1)).contains("team-lead").contains("PT30M");
    assertThat(escalated.getJsonArray("timeline").stream().map(e -> (JsonObject) e)
        .filter(e -> "NoticeDue".equals(e.getString("event")) && e.getString("detail").contains("ESCALATION")).count())
        .isEqualTo(2);
  }

  @Test
  @DisplayName("an alert no runbook maps is acknowledged and opens nothing")
  void unmapped() throws Exception {
    JsonObject alert = alert("firing", "00aa00aa00aa00aa", Instant.now(), null);
    alert.getJsonObject("labels").put("alertname", "DiskAlmostFull");
    HttpResponse<String> r = post(ALERTMANAGER, payload("firing", alert));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject outcome = new JsonObject(r.body()).getJsonArray("alerts").getJsonObject(0);
    assertThat(outcome.getString("outcome")).isEqualTo("NO_RUNBOOK");
    assertThat(outcome.containsKey("windowId")).isFalse();
  }

  @Test
  @DisplayName("a malformed payload is refused with 400 naming each bad field, and nothing is opened")
  void malformed() throws Exception {
    JsonObject noFingerprint = alert("firing", "abcdef0123456789", Instant.now(), null);
    noFingerprint.remove("fingerprint");
    JsonObject badTime = alert("firing", "abcdef0123456789", Instant.now(), null).put("startsAt", "yesterday");
    JsonObject noName = alert("pending", "abcdef0123456789", Instant.now(), null);
    noName.getJsonObject("labels").remove("alertname");
    HttpResponse<String> r = post(ALERTMANAGER, payload("firing", noFingerprint, badTime, noName));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    List<String> fields = new JsonObject(r.body()).getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field")).toList();
    assertThat(fields).containsExactlyInAnyOrder(
        "alerts[0].fingerprint", "alerts[1].startsAt", "alerts[2].status", "alerts[2].labels.alertname");

    HttpResponse<String> notJson = send(ALERTMANAGER, "{\"status\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    HttpResponse<String> noAlerts = send(ALERTMANAGER, new JsonObject().put("status", "firing").encode());
    assertThat(noAlerts.statusCode()).isEqualTo(400);
    assertThat(noAlerts.body()).contains("\"field\":\"alerts\"");
  }

  @Test
  @DisplayName("only the alertmanager role may call it")
  void authorization() throws Exception {
    String body = payload("firing", alert("firing", "abcdef0123456789", Instant.now(), null));
    assertThat(send(null, body).statusCode()).isEqualTo(401);
    assertThat(send("operator-dev-token", body).statusCode()).isEqualTo(403);
  }

  private static JsonObject alert(String status, String fingerprint, Instant startsAt, String severity) {
    JsonObject labels = new JsonObject().put("alertname", "OneiricDigestVerificationFailed").put("service", "oneiric");
    if (severity != null) {
      labels.put("severity", severity);
    }
    return new JsonObject()
        .put("status", status)
        .put("labels", labels)
        .put("annotations", new JsonObject().put("summary", "digest mismatch at " + Instant.now()))
        .put("startsAt", startsAt.toString())
        .put("endsAt", "0001-01-01T00:00:00Z")
        .put("generatorURL", "http://prometheus:9090/graph")
        .put("fingerprint", fingerprint);
  }

  private static String payload(String status, JsonObject... alerts) {
    return new JsonObject()
        .put("version", "4")
        .put("groupKey", "{}:{alertname=\"OneiricDigestVerificationFailed\"}")
        .put("truncatedAlerts", 0)
        .put("status", status)
        .put("receiver", "windowops-scheduler")
        .put("groupLabels", new JsonObject())
        .put("commonLabels", new JsonObject())
        .put("commonAnnotations", new JsonObject())
        .put("externalURL", "http://alertmanager:9093")
        .put("alerts", new JsonArray(List.of((Object[]) alerts)))
        .encode();
  }

  private JsonObject awaitWindow(String id, java.util.function.Predicate<JsonObject> condition) {
    JsonObject[] last = new JsonObject[1];
    await("window " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          HttpResponse<String> r = get("/windows/" + id);
          if (r.statusCode() != 200) {
            return false;
          }
          last[0] = new JsonObject(r.body());
          return condition.test(last[0]);
        });
    return last[0];
  }

  private static List<String> events(JsonObject window) {
    return window.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("event")).toList();
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return send(token, body);
  }

  private HttpResponse<String> send(String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/alerts/alertmanager"))
        .timeout(Duration.ofSeconds(15))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + AUDITOR).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
