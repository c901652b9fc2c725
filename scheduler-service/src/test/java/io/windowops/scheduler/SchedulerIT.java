package io.windowops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.DeadLetter;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.PartitionCheck;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The scheduler on the real broker")
class SchedulerIT {

  private static final String REQUESTER = "requester-dev-token";
  private static final String LEAD = "lead-dev-token";
  private static final String AUDITOR = "auditor-dev-token";
  private static Vertx vertx;
  private static SchedulerVerticle scheduler;
  private static WindowOpsConfig config;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = TestConfig.service("scheduler-it-" + UUID.randomUUID());
    settings.put(SchedulerVerticle.POLICY_FILE, "../examples/policies.yaml");
    settings.put(SchedulerVerticle.API_TOKENS_FILE, "../examples/api-tokens.yaml");
    config = WindowOpsConfig.of(settings);
    vertx = Vertx.vertx();
    scheduler = new SchedulerVerticle(config);
    vertx.deployVerticle(scheduler).toCompletionStage().toCompletableFuture().get();
    scheduler.awaitReady(Duration.ofSeconds(90));
    base = "http://127.0.0.1:" + scheduler.httpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("turns a REST request into a window that needs approval, then schedules it once approved")
  void restRequestBecomesScheduledWindow() throws Exception {
    String id = "MNT-REST-" + shortId();
    HttpResponse<String> created = post("/windows", REQUESTER, request(id).encode());
    assertThat(created.statusCode()).as(created.body()).isIn(201, 202);

    JsonObject pending = awaitStatus(id, "PENDING_APPROVAL");
    assertThat(pending.getString("requester")).isEqualTo("ana-requester");

    // No body at all, as with `curl -X POST`: an approval needs none.
    HttpResponse<String> approved =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/windows/" + id + "/approve"))
                .header("Authorization", "Bearer " + LEAD)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    JsonObject scheduled = awaitStatus(id, "SCHEDULED");
    assertThat(scheduled.getJsonArray("approvals").getJsonObject(0).getString("approver")).isEqualTo("tess-lead");
    assertThat(eventTypes(id)).contains("WindowScheduled");
    HttpResponse<String> early = get("/windows/" + id + "/review", AUDITOR);
    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    assertThat(early.body()).contains("is SCHEDULED; its review is written when it ends");
  }

  @Test
  @DisplayName("a request the policy rejects has no review, and says why")
  void rejectedWindowHasNoReview() throws Exception {
    String id = "MNT-REJECT-" + shortId();
    HttpResponse<String> unknown = post("/windows", REQUESTER, request(id).put("environment", "moon-base").encode());
    assertThat(unknown.statusCode()).as("an unknown environment is bad input: " + unknown.body()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"field\":\"environment\"").contains("moon-base");
    assertThat(get("/windows/" + id, AUDITOR).statusCode()).as("nothing recorded for bad input").isEqualTo(404);

    JsonObject tooLong = request(id);
    tooLong.put("requestedEnd", Instant.parse(tooLong.getString("requestedStart")).plus(3, ChronoUnit.HOURS).toString());
    HttpResponse<String> rejected = post("/windows", REQUESTER, tooLong.encode());
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
    JsonObject answer = new JsonObject(rejected.body());
    assertThat(answer.getString("status")).isEqualTo("REJECTED");
    assertThat(answer.getString("failureCause")).isEqualTo("POLICY_VIOLATION");
    assertThat(answer.getString("failureDetail")).contains("2h");

    HttpResponse<String> review = get("/windows/" + id + "/review", AUDITOR);
    assertThat(review.statusCode()).as(review.body()).isEqualTo(404);
    assertThat(review.body()).contains("was rejected by the policy");
    assertThat(get("/windows/" + id + "/review?format=pdf", AUDITOR).body()).contains("\"field\":\"format\"");
  }

  @Test
  @DisplayName("parks a request a non-Java partitioner put in the wrong partition in the DLQ, with the reason, and makes no window of it")
  void misplacedRequestIsParked() throws Exception {
    String id = "MNT-MISPLACED-" + shortId();
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    int right = PartitionCheck.expected(id, Topics.PARTITIONS);
    int wrong = (right + 1) % Topics.PARTITIONS;
    try (KafkaProducer<String, RequestEnvelope> producer =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "crc32-pipeline"), new StringSerializer(), new AvroSerializer<>(registry))) {
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), wrong, id, pipelineRequest(id, UUID.randomUUID().toString()))).get();
    }
    List<String> reasons = new ArrayList<>();
    try (KafkaConsumer<String, DeadLetter> dlq = new KafkaConsumer<>(
        KafkaClientSettings.consumer(config, "dlq-reader-" + shortId(), "dlq-reader"), new StringDeserializer(),
        new AvroDeserializer<>(registry, DeadLetter.class))) {
      dlq.subscribe(List.of(Topics.REQUESTS.dlq().name()));
      await("the misplaced request is parked").atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, DeadLetter> r : dlq.poll(Duration.ofMillis(200))) {
          if (id.equals(r.key())) {
            reasons.add(r.value().getErrorMessage());
          }
        }
        return !reasons.isEmpty();
      });
    }
    assertThat(reasons.get(0)).contains("belongs to partition " + right, "is in partition " + wrong, "murmur2");
    assertThat(get("/windows/" + id, AUDITOR).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("turns a MaintenanceRequested event from a pipeline into a window, once, however often it arrives")
  void kafkaRequestIsIdempotent() throws Exception {
    String id = "MNT-KAFKA-" + shortId();
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    RequestEnvelope envelope = pipelineRequest(id, UUID.randomUUID().toString());
    RequestEnvelope sameWindowNewEvent = pipelineRequest(id, UUID.randomUUID().toString());
    try (KafkaProducer<String, RequestEnvelope> producer =
        new KafkaProducer<>(KafkaClientSettings.producer(config, "pipeline"), new StringSerializer(), new AvroSerializer<>(registry))) {
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), id, envelope)).get();
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), id, envelope)).get();
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), id, sameWindowNewEvent)).get();
    }

    JsonObject window = awaitStatus(id, "PENDING_APPROVAL");
    assertThat(window.getString("requester")).isEqualTo("deploy-pipeline");
    // Let all three inputs be processed, then count what the window published.
    await().atMost(Duration.ofSeconds(10)).until(() -> !eventTypes(id).isEmpty());
    List<String> types = eventTypes(id);
    assertThat(types.stream().filter(t -> t.equals("ApprovalNeeded")).count())
        .as("one window, one approval request: %s", types)
        .isEqualTo(1);
  }

  @Test
  @DisplayName("answers a bad request with 400 naming every wrong field, and checks tokens and roles")
  void badRequestsAreAnsweredClearly() throws Exception {
    JsonObject bad = request("MNT-BAD-" + shortId());
    bad.put("maintenanceType", "SOMETIMES").put("services", new JsonArray().add("Bad Service")).put("surprise", 1);
    bad.getJsonArray("steps").getJsonObject(0).put("timeoutSeconds", "soon");
    HttpResponse<String> response = post("/windows", REQUESTER, bad.encode());
    assertThat(response.statusCode()).isEqualTo(400);
    JsonArray details = new JsonObject(response.body()).getJsonArray("details");
    List<String> fields = details.stream().map(d -> ((JsonObject) d).getString("field")).toList();
    assertThat(fields).contains("maintenanceType", "services[0]", "surprise", "steps[0].timeoutSeconds");

    assertThat(post("/windows", null, request("MNT-NOAUTH-" + shortId()).encode()).statusCode()).isEqualTo(401);
    assertThat(post("/windows", "not-a-token", request("MNT-BADTOKEN-" + shortId()).encode()).statusCode()).isEqualTo(401);
    assertThat(post("/windows", AUDITOR, request("MNT-AUDITOR-" + shortId()).encode()).statusCode()).isEqualTo(403);
    assertThat(post("/windows", REQUESTER, "{not json").statusCode()).isEqualTo(400);
    assertThat(get("/windows/MNT-NOPE-" + shortId(), AUDITOR).statusCode()).isEqualTo(404);
    assertThat(get("/openapi.yaml", null).body()).contains("openapi: 3.0.3");
  }

  @Test
  @DisplayName("shows each environment's allowed slots and freezes in a calendar range")
  void calendar() throws Exception {
    HttpResponse<String> december =
        get("/calendar?environment=production&from=2026-12-07T00:00:00Z&to=2026-12-21T00:00:00Z", AUDITOR);
    assertThat(december.statusCode()).as(december.body()).isEqualTo(200);
    JsonArray entries =
        new JsonObject(december.body()).getJsonArray("environments").getJsonObject(0).getJsonArray("calendar");
    List<String> kinds = entries.stream().map(e -> ((JsonObject) e).getString("kind")).toList();
    assertThat(kinds).contains("SLOT", "FREEZE");
    HttpResponse<String> bad = get("/calendar?from=yesterday&environment=nowhere", AUDITOR);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"from\"").contains("\"field\":\"environment\"");
  }

  @Test
  @DisplayName("requests the allowed upcoming occurrences of a recurring window, and previews them all")
  void recurringWindows() throws Exception {
    HttpResponse<String> preview = get("/recurring/weekly-backup-verification/preview?count=8", AUDITOR);
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    List<JsonObject> occurrences =
        new JsonObject(preview.body()).getJsonArray("occurrences").stream().map(o -> (JsonObject) o).toList();
    assertThat(occurrences).hasSize(8);
    assertThat(occurrences).allSatisfy(o -> assertThat(o.getString("windowId")).startsWith("weekly-backup-verification-"));
    // The next four allowed occurrences are requested ahead of time (default WINDOWOPS_RECURRING_AHEAD).
    List<String> allowedSoon =
        occurrences.stream().limit(4).filter(o -> o.getBoolean("allowed")).map(o -> o.getString("windowId")).toList();
    assertThat(allowedSoon).isNotEmpty();
    for (String id : allowedSoon) {
      await("window " + id + " exists").atMost(Duration.ofSeconds(30))
          .until(() -> get("/windows/" + id, AUDITOR).statusCode() == 200);
      JsonObject window = new JsonObject(get("/windows/" + id, AUDITOR).body());
      assertThat(window.getString("status")).as(window.encodePrettily()).isEqualTo("PENDING_APPROVAL");
      assertThat(window.getString("requester")).isEqualTo("sre-automation");
      assertThat(window.getJsonArray("services").getString(0)).isEqualTo("backup-vault");
    }
    // Occurrences policy refuses (e.g. in the December freeze) are shown with their reasons, not requested.
    occurrences.stream()
        .filter(o -> !o.getBoolean("allowed"))
        .forEach(o -> assertThat(o.getJsonArray("violations")).isNotEmpty());
    assertThat(get("/recurring/nope/preview", AUDITOR).statusCode()).isEqualTo(404);
    assertThat(get("/recurring/weekly-backup-verification/preview?count=500", AUDITOR).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("lets only an operator freeze and unfreeze every step, with a reason")
  void globalFreeze() throws Exception {
    assertThat(post("/freeze", REQUESTER, "{\"reason\":\"INC-7\"}").statusCode()).isEqualTo(403);
    HttpResponse<String> noReason = post("/freeze", "operator-dev-token", "{}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("\"field\":\"reason\"");
    HttpResponse<String> frozen = post("/freeze", "operator-dev-token", "{\"reason\":\"INC-7: resolver outage\"}");
    assertThat(frozen.statusCode()).as(frozen.body()).isEqualTo(202);
    assertThat(new JsonObject(frozen.body()).getString("actor")).isEqualTo("olga-operator");
    HttpResponse<String> lifted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/freeze"))
                .header("Authorization", "Bearer operator-dev-token")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(202);
    assertThat(new JsonObject(lifted.body()).getBoolean("frozen")).isFalse();
    // The saga ignores the freeze key: it is not a window.
    assertThat(get("/windows/GLOBAL-FREEZE", AUDITOR).statusCode()).isEqualTo(404);
  }

  private JsonObject request(String id) {
    Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    return new JsonObject()
        .put("windowId", id)
        .put("title", "Clean the resolver cache")
        .put("services", new JsonArray().add("resolver"))
        .put("environment", "development")
        .put("maintenanceType", "ZERO_DOWNTIME")
        .put("requestedStart", start.toString())
        .put("requestedEnd", start.plus(30, ChronoUnit.MINUTES).toString())
        .put(
            "steps",
            new JsonArray()
                .add(new JsonObject().put("stepId", "clean").put("action", "cache-cleanup").put("timeoutSeconds", 300)));
  }

  private static RequestEnvelope pipelineRequest(String id, String eventId) {
    Instant start = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(eventId)
                .setWindowId(id)
                .setOccurredAt(Instant.now())
                .setCorrelationId("pipeline-run-77")
                .setActor("deploy-pipeline")
                .build())
        .setPayload(
            MaintenanceRequested.newBuilder()
                .setTitle("Upgrade resolver")
                .setServices(List.of("resolver-" + id.toLowerCase()))
                .setEnvironment("development")
                .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
                .setRequestedStart(start)
                .setRequestedEnd(start.plus(1, ChronoUnit.HOURS))
                .setSteps(List.of(StepSpec.newBuilder().setStepId("upgrade").setAction("version-upgrade").setTimeoutSeconds(600).build()))
                .setRequester("deploy-pipeline")
                .build())
        .build();
  }

  private JsonObject awaitStatus(String id, String status) {
    List<JsonObject> last = new ArrayList<>();
    await("window " + id + " reaches " + status + " (last seen: " + last + ")")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r = get("/windows/" + id, AUDITOR);
              if (r.statusCode() != 200) {
                return false;
              }
              last.clear();
              last.add(new JsonObject(r.body()));
              return status.equals(last.get(0).getString("status"));
            });
    return last.get(0);
  }

  /** The payload types published on windowops.windows.v1 for one window, in order. */
  private static List<String> eventTypes(String windowId) {
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    List<String> types = new ArrayList<>();
    try (KafkaConsumer<String, WindowEventEnvelope> consumer =
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, "it-reader-" + UUID.randomUUID(), "it-reader"),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, WindowEventEnvelope.class))) {
      consumer.subscribe(List.of(Topics.WINDOWS.name()));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && emptyPolls < 5) {
        var records = consumer.poll(Duration.ofMillis(300));
        if (records.isEmpty() && !consumer.assignment().isEmpty()) {
          emptyPolls++;
        }
        for (ConsumerRecord<String, WindowEventEnvelope> r : records) {
          if (windowId.equals(r.key())) {
            types.add(((org.apache.avro.specific.SpecificRecord) r.value().getPayload()).getSchema().getName());
          }
        }
      }
    }
    return types;
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(15))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
  }
}
