package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("HTTP and wait actions")
class HttpAndWaitActionsTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private ActionRunners runners;
  private ActionCatalog catalog;
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx.createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> {
              received.add(new JsonObject()
                  .put("method", req.method().name())
                  .put("uri", req.uri())
                  .put("auth", req.getHeader("Authorization"))
                  .put("body", body.toString()));
              if (req.path().startsWith("/slow")) {
                vertx.setTimer(1_500, t -> req.response().end("late"));
              } else if (req.path().startsWith("/missing")) {
                req.response().setStatusCode(404).end("nope");
              } else {
                req.response().setStatusCode(201).end("echo " + req.getHeader("Authorization"));
              }
            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    Path secret = Files.writeString(dir.resolve("token"), "bearer-secret-777\n");
    Path file = dir.resolve("catalog.yaml");
    Files.writeString(file, """
        actions:
          deploy:
            type: http
            params:
              port: {pattern: '[0-9]+'}
              service: {pattern: '[a-z0-9 /]+'}
              replicas: {pattern: '[0-9]+'}
              path: {enum: [deploy, slow, missing]}
            http:
              method: POST
              url: 'http://127.0.0.1:{{port}}/{{path}}/{{service}}'
              headers:
                Authorization: {secret: 'file:%s'}
              body:
                service: '{{service}}'
                replicas: '{{replicas}}'
                dryRun: false
              expectStatus: [201]
          soak:
            type: wait
            params:
              d: {pattern: 'PT[0-9.]+S'}
            wait: {duration: '{{d}}'}
        """.formatted(secret));
    catalog = CatalogLoader.load(file);
    runners = new ActionRunners(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    runners.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private ActionResult run(String action, Map<String, String> params, Duration timeout) throws Exception {
    ActionRequest request =
        new ActionRequest("MNT-T-3", "s", 1, ExecutionKind.STEP, catalog.bind(action, params, Map.of()), timeout, Map.of());
    return vertx.<ActionResult>executeBlocking(() -> null)
        .compose(ignored -> runners.run(request))
        .await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("sends method, encoded URL, secret header and JSON body, and redacts the secret from the response")
  void http() throws Exception {
    Map<String, String> params = Map.of("port", "" + server.actualPort(), "service", "api v2/x", "replicas", "3", "path", "deploy");
    ActionResult result = run("deploy", params, Duration.ofSeconds(5));
    assertThat(result.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("httpStatus", "201");
    assertThat(result.output()).isEqualTo("echo [REDACTED]");
    JsonObject seen = received.get(0);
    assertThat(seen.getString("method")).isEqualTo("POST");
    assertThat(seen.getString("uri")).isEqualTo("/deploy/api%20v2%2Fx");
    assertThat(seen.getString("auth")).isEqualTo("bearer-secret-777");
    assertThat(new JsonObject(seen.getString("body")))
        .isEqualTo(new JsonObject().put("service", "api v2/x").put("replicas", "3").put("dryRun", false));
  }

  @Test
  @DisplayName("fails on an unexpected status and times out a slow server")
  void statusAndTimeout() throws Exception {
    String port = "" + server.actualPort();
    ActionResult missing = run("deploy", Map.of("port", port, "service", "a", "replicas", "1", "path", "missing"), Duration.ofSeconds(5));
    assertThat(missing.status()).isEqualTo(StepStatus.FAILED);
    assertThat(missing.error()).contains("HTTP 404 is not one of the expected statuses [201]");
    ActionResult slow = run("deploy", Map.of("port", port, "service", "a", "replicas", "1", "path", "slow"), Duration.ofMillis(500));
    assertThat(slow.status()).isEqualTo(StepStatus.TIMED_OUT);
  }

  @Test
  @DisplayName("waits for the soak period, and times out a soak longer than the step's timeout")
  void soak() throws Exception {
    long began = System.nanoTime();
    assertThat(run("soak", Map.of("d", "PT0.3S"), Duration.ofSeconds(5)).status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(run("soak", Map.of("d", "PT60S"), Duration.ofMillis(200)).status()).isEqualTo(StepStatus.TIMED_OUT);
  }
}
