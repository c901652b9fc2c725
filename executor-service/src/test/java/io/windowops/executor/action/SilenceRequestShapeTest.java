package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs everywhere: an HTTP server standing in for Alertmanager checks the v2 request shape. */
@DisplayName("The alertmanager.silence action's requests")
class SilenceRequestShapeTest {

  private Vertx vertx;
  private HttpServer server;
  private ActionRunners runners;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile JsonObject posted;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx.createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> {
              calls.add(req.method() + " " + req.path());
              if (req.method().name().equals("POST") && req.path().equals("/api/v2/silences")) {
                posted = body.toJsonObject();
                req.response().putHeader("content-type", "application/json").end("{\"silenceID\":\"7f1c2a9e-0000-4000-8000-000000000001\"}");
              } else if (req.method().name().equals("DELETE") && req.path().startsWith("/api/v2/silence/")) {
                req.response().end();
              } else {
                req.response().setStatusCode(404).end();
              }
            }))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    runners = new ActionRunners(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    runners.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private ActionResult run(ExecutionKind kind, Map<String, String> stepOutputs) throws Exception {
    ActionCatalog catalog = CatalogLoader.load(Path.of("../examples/catalog.yaml"));
    ActionCatalog.Bound bound =
        catalog.bind("silence-alerts", Map.of("service", "checkout", "alertmanagerPort", "" + server.actualPort()), stepOutputs);
    ActionRequest request = new ActionRequest("MNT-2026-0099", "mute", 2, kind, bound, Duration.ofSeconds(5), stepOutputs);
    return vertx.<Void>executeBlocking(() -> null).compose(ignored -> runners.run(request)).await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("POSTs matchers, a window-long time range, createdBy and a comment naming the window; the compensation DELETEs the silence")
  void shape() throws Exception {
    ActionResult created = run(ExecutionKind.STEP, Map.of());
    assertThat(created.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(created.outputs()).containsEntry("silenceId", "7f1c2a9e-0000-4000-8000-000000000001");
    assertThat(posted.getJsonArray("matchers").getJsonObject(0))
        .isEqualTo(new JsonObject().put("name", "service").put("value", "checkout").put("isRegex", false).put("isEqual", true));
    Instant startsAt = Instant.parse(posted.getString("startsAt"));
    Instant endsAt = Instant.parse(posted.getString("endsAt"));
    assertThat(Duration.between(startsAt, endsAt)).isEqualTo(Duration.ofHours(4));
    assertThat(posted.getString("createdBy")).isEqualTo("windowops");
    assertThat(posted.getString("comment")).isEqualTo("WindowOps maintenance window MNT-2026-0099, step mute (attempt 2)");

    ActionResult expired = run(ExecutionKind.COMPENSATION, created.outputs());
    assertThat(expired.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(calls).containsExactly(
        "POST /api/v2/silences", "DELETE /api/v2/silence/7f1c2a9e-0000-4000-8000-000000000001");
  }
}
