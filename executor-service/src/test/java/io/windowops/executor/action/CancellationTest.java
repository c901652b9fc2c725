package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cancelling a running action (CancelStep)")
class CancellationTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private ActionRunners runners;
  private ActionCatalog catalog;
  private final AtomicInteger calls = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // Answers only after a minute: a call to it is still in flight when the test cancels it.
    server = vertx.createHttpServer()
        .requestHandler(req -> {
          calls.incrementAndGet();
          vertx.setTimer(60_000, t -> req.response().end("late"));
        })
        .listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    Path file = dir.resolve("catalog.yaml");
    Files.writeString(file, """
        actions:
          soak:
            type: wait
            wait: {duration: PT10M}
          pid-then-sleep:
            type: command
            params:
              pidFile: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'sleep 300 & echo $! > "$1"; sleep 300', sh, '{{pidFile}}']
          hang:
            type: http
            params:
              port: {pattern: '[0-9]+'}
            http:
              method: GET
              url: 'http://127.0.0.1:{{port}}/hang'
              expectStatus: [200]
        """);
    catalog = CatalogLoader.load(file);
    runners = new ActionRunners(vertx, Map.of());
  }

  @AfterEach
  void stop() throws Exception {
    runners.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Starts the action on a Vert.x context, as the executor does. */
  private Future<ActionResult> start(String action, Map<String, String> params, Cancellation cancellation) throws Exception {
    ActionRequest request = new ActionRequest(
        "MNT-C-1", "s", 1, ExecutionKind.STEP, catalog.bind(action, params, Map.of()), Duration.ofMinutes(30), Map.of());
    return vertx.<Void>executeBlocking(() -> null)
        .map(ignored -> runners.run(request, cancellation))
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a 10-minute wait ends at once, INTERRUPTED with \"cancelled: <reason>\"")
  void waitIsCancelled() throws Exception {
    Cancellation cancellation = new Cancellation();
    Future<ActionResult> running = start("soak", Map.of(), cancellation);
    long began = System.nanoTime();
    assertThat(running.isComplete()).as("still soaking").isFalse();
    assertThat(cancellation.cancel("ABORTED: operator abort")).isTrue();
    ActionResult result = running.await(10, TimeUnit.SECONDS);
    assertThat(result.status()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(result.error()).isEqualTo("cancelled: ABORTED: operator abort");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    assertThat(cancellation.cancel("again")).as("a second cancel changes nothing").isFalse();
    assertThat(cancellation.reason()).contains("ABORTED: operator abort");
  }

  @Test
  @DisplayName("a command's whole process tree is killed, and the result comes once it is gone")
  void commandTreeIsKilled() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Cancellation cancellation = new Cancellation();
    Future<ActionResult> running = start("pid-then-sleep", Map.of("pidFile", pidFile.toString()), cancellation);
    await("the command started its background child").atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle shell = ProcessHandle.of(child).flatMap(ProcessHandle::parent).orElseThrow();
    assertThat(shell.isAlive()).isTrue();
    long began = System.nanoTime();
    cancellation.cancel("OVERRUN: the window passed its end");
    ActionResult result = running.await(15, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.status()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(result.exitCode()).isNull();
    assertThat(result.error()).isEqualTo("cancelled: OVERRUN: the window passed its end");
    assertThat(shell.isAlive()).as("the command itself is gone").isFalse();
    await("the background child is dead").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  @DisplayName("a command cancelled before it starts never starts")
  void commandCancelledBeforeStart() throws Exception {
    Path pidFile = dir.resolve("never.pid");
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("ABORTED: early");
    ActionResult result = start("pid-then-sleep", Map.of("pidFile", pidFile.toString()), cancellation).await(10, TimeUnit.SECONDS);
    assertThat(result.status()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(result.error()).isEqualTo("cancelled: ABORTED: early");
    assertThat(pidFile).doesNotExist();
  }

  @Test
  @DisplayName("an HTTP call in flight is abandoned: INTERRUPTED at once, without waiting for the response")
  void httpIsAbandoned() throws Exception {
    Cancellation cancellation = new Cancellation();
    Future<ActionResult> running = start("hang", Map.of("port", "" + server.actualPort()), cancellation);
    await("the call reached the server").atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
    cancellation.cancel("ABORTED: stop");
    ActionResult result = running.await(5, TimeUnit.SECONDS);
    assertThat(result.status()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(result.error()).isEqualTo("cancelled: ABORTED: stop");
  }
}
