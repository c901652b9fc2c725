package io.windowops.notifier.channel;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for Slack, Statuspage or a webhook receiver: it records every
 * request and answers with scripted responses (then 200 with {@code defaultBody}).
 */
public final class FakeHttp implements AutoCloseable {

  public record Request(String method, String path, MultiMap headers, String body, long atMillis) {}

  record Reply(int status, Map<String, String> headers, String body) {}

  public final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final HttpServer server;
  volatile String defaultBody = "ok";
  public volatile int defaultStatus = 200;

  public FakeHttp(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      requests.add(new Request(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
          body.toString(), System.currentTimeMillis()));
      Reply r = script.poll();
      var resp = req.response();
      if (r == null) {
        resp.setStatusCode(defaultStatus).end(defaultBody);
        return;
      }
      r.headers().forEach(resp::putHeader);
      resp.setStatusCode(r.status()).end(r.body());
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  FakeHttp then(int status, Map<String, String> headers, String body) {
    script.add(new Reply(status, headers, body));
    return this;
  }

  /** The next {@code times} requests are answered with {@code status}; later ones as before. */
  public FakeHttp failNext(int times, int status) {
    for (int i = 0; i < times; i++) {
      then(status, Map.of(), "scripted failure");
    }
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get();
  }
}
