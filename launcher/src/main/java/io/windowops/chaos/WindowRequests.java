package io.windowops.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Asks for chaos windows over the scheduler's REST API, as a client with two scheduler addresses
 * would: a refused connection or a 5xx (an instance was just killed or is starting) is retried,
 * alternately on the other instance. Retrying is safe: the window id is the request's
 * idempotency key and the saga counts one approval per approver.
 */
final class WindowRequests {

  private static final Duration GIVE_UP = Duration.ofMinutes(3);
  private static final Set<Integer> ACCEPTED = Set.of(200, 201, 202);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Supplier<List<String>> schedulers;

  WindowRequests(Supplier<List<String>> schedulers) {
    this.schedulers = schedulers;
  }

  /** Requests an emergency development window of two sink steps starting at {@code start}, and approves it twice. */
  void requestApproved(String windowId, Instant start, Random random) throws InterruptedException {
    requestApproved(windowId, start, sinkSteps(windowId, random));
  }

  static JsonArray sinkSteps(String windowId, Random random) {
    JsonArray steps = new JsonArray();
    for (String stepId : ChaosFixture.stepIds()) {
      steps.add(
          new JsonObject()
              .put("stepId", stepId)
              .put("action", ChaosFixture.ACTION)
              .put("timeoutSeconds", 45)
              .put(
                  "params",
                  new JsonObject()
                      .put("tag", ChaosFixture.tag(windowId, stepId))
                      .put("pause", String.format(Locale.ROOT, "%.1f", 0.2 + random.nextDouble() * 1.5))));
    }
    return steps;
  }

  /** Requests an emergency development window of these steps starting at {@code start}, and approves it twice. */
  void requestApproved(String windowId, Instant start, JsonArray steps) throws InterruptedException {
    JsonObject request =
        new JsonObject()
            .put("windowId", windowId)
            .put("title", "Chaos window " + windowId)
            .put("services", new JsonArray().add("chaos-" + windowId.toLowerCase(Locale.ROOT)))
            .put("environment", "development")
            .put("maintenanceType", "EMERGENCY")
            .put("requestedStart", start.truncatedTo(ChronoUnit.SECONDS).toString())
            .put("requestedEnd", start.plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString())
            .put("steps", steps);
    post("/windows", "requester-dev-token", request.encode());
    post("/windows/" + windowId + "/approve", "incident-dev-token", "{}");
    post("/windows/" + windowId + "/approve", "manager-dev-token", "{}");
  }

  /** Posts until some scheduler accepts; 404 (its read model has not caught up) is retried too. */
  HttpResponse<String> post(String path, String token, String body) throws InterruptedException {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    String last = "no attempt";
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      List<String> apis = schedulers.get();
      String api = apis.get(attempt % apis.size());
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + token)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ACCEPTED.contains(r.statusCode())) {
          return r;
        }
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() < 500 && r.statusCode() != 404) {
          throw new IllegalStateException("POST " + path + " refused: " + last);
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(300 + attempt * 100L);
    }
    throw new IllegalStateException("POST " + path + " not accepted within " + GIVE_UP + ": " + last);
  }
}
