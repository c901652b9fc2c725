package io.windowops.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.scheduler.SchedulerVerticle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile bodies of {@link HostileRequestBodiesTest}, sent to the real scheduler API (Vert.x
 * server, bearer token, Kafka behind it): every invalid body gets a 400 whose details name the
 * same fields the parser names (or, well-formed but against the policy, a 422 whose violations
 * name the field), and nothing gets a 5xx.
 */
@DisplayName("Hostile request bodies over HTTP")
class HostileBodiesOverHttpIT {

  private static final String REQUESTER = "requester-dev-token";
  private static Vertx vertx;
  private static String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WindowRequestParser parser = new WindowRequestParser();

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = TestConfig.service("hostile-http-" + UUID.randomUUID());
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

  static Stream<Arguments> namedCases() {
    return Stream.of(
        Arguments.of("a number for the title", valid().put("title", 42), "title"),
        Arguments.of("a string for the steps", valid().put("steps", "backup"), "steps"),
        Arguments.of("an object for the services", valid().put("services", new JsonObject().put("a", 1)), "services"),
        Arguments.of("no window id", without("windowId"), "windowId"),
        Arguments.of("no environment", without("environment"), "environment"),
        Arguments.of("no maintenance type", without("maintenanceType"), "maintenanceType"),
        Arguments.of("a 20,000-character title", valid().put("title", "x".repeat(20_000)), "title"),
        Arguments.of("a duration of a trillion minutes", without("requestedEnd").put("durationMinutes", 1_000_000_000_000L), "durationMinutes"),
        Arguments.of("an unknown maintenance type", valid().put("maintenanceType", "SOMETIMES"), "maintenanceType"),
        Arguments.of("an unknown environment", valid().put("environment", "the-moon"), "environment"),
        Arguments.of("a start with a region instead of an offset", valid().put("requestedStart", "2026-12-01T02:00:00 Europe/Atlantis"), "requestedStart"),
        Arguments.of("a start with an offset of 25 hours", valid().put("requestedStart", "2026-12-01T02:00:00+25:00"), "requestedStart"),
        Arguments.of("an end in an unknown zone", valid().put("requestedEnd", "2026-12-01T03:30:00[Mars/Olympus]"), "requestedEnd"),
        Arguments.of("a step id of the wrong type", valid().put("steps", new JsonArray().add(new JsonObject().put("stepId", 7).put("action", "noop"))), "steps[0].stepId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("namedCases")
  @DisplayName("a named hostile body gets a 4xx naming its field")
  void namedCaseNamesItsField(String label, JsonObject body, String field) throws Exception {
    HttpResponse<String> r = post(body.encode());
    if (r.statusCode() == 422) {
      // Well-formed but against the policy (e.g. an environment the policy does not know): the
      // documented answer is the rejected window, whose WindowRejected lists the violations.
      assertThat(rejectedFields(r)).as(r.body()).contains(field);
    } else {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(fields(r)).as(r.body()).contains(field);
    }
  }

  @Test
  @DisplayName("generated hostile bodies get a 400 naming exactly the parser's fields, never a 5xx")
  void generatedBodies() throws Exception {
    List<JsonObject> bodies = new HostileRequestBodiesTest().bodies().sampleStream().limit(400).toList();
    int refused = 0;
    for (JsonObject body : bodies) {
      List<String> expected = parser.parse(body, "ana-requester").problems().stream().map(ApiError.FieldProblem::field).toList();
      HttpResponse<String> r = post(body.encode());
      assertThat(r.statusCode()).as("%s -> %s", body.encode(), r.body()).isLessThan(500);
      if (!expected.isEmpty()) {
        refused++;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(fields(r)).as(r.body()).containsExactlyElementsOf(expected).allSatisfy(f -> assertThat(f).isNotBlank());
      }
    }
    assertThat(refused).as("the generator produced mostly invalid bodies").isGreaterThan(bodies.size() / 2);
  }

  @Test
  @DisplayName("bodies that are not JSON objects get a 400")
  void notJson() throws Exception {
    for (String body : List.of("", "not json", "[1,2]", "{\"title\":", "\u0000\u00ff", "null", "42")) {
      assertThat(post(body).statusCode()).as("body %s", body).isEqualTo(400);
    }
  }

  private static JsonObject valid() {
    return new JsonObject()
        .put("windowId", "MNT-HOSTILE-" + UUID.randomUUID().toString().substring(0, 8))
        .put("title", "Upgrade the resolver")
        .put("services", new JsonArray().add("resolver"))
        .put("environment", "development")
        .put("maintenanceType", "PLANNED_OUTAGE")
        .put("requestedStart", "2026-12-01T02:00:00Z")
        .put("requestedEnd", "2026-12-01T03:30:00Z")
        .put("steps", new JsonArray().add(new JsonObject().put("stepId", "backup").put("action", "backup-config").put("timeoutSeconds", 120)));
  }

  private static JsonObject without(String field) {
    JsonObject body = valid();
    body.remove(field);
    return body;
  }

  private static List<String> fields(HttpResponse<String> r) {
    JsonArray details = new JsonObject(r.body()).getJsonArray("details", new JsonArray());
    return details.stream().map(d -> ((JsonObject) d).getString("field")).toList();
  }

  private static List<String> rejectedFields(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonArray("timeline").stream()
        .map(e -> (JsonObject) e)
        .filter(e -> "WindowRejected".equals(e.getString("event")))
        .flatMap(e -> new JsonObject(e.getString("detail")).getJsonArray("violations").stream())
        .map(v -> ((JsonObject) v).getString("field"))
        .toList();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/windows"))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + REQUESTER)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
