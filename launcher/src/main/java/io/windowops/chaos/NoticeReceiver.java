package io.windowops.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook the notifier delivers to: counts every POST it receives per notice
 * ({@code windowId/noticeId}), so a resend after a crash counts as a second delivery. It answers
 * 200 to every well-formed delivery, like a receiver that does not de-duplicate.
 */
final class NoticeReceiver implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();

  private NoticeReceiver(HttpServer server) {
    this.server = server;
  }

  static NoticeReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    NoticeReceiver receiver = new NoticeReceiver(server);
    server.createContext("/notices", receiver::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "chaos-notice-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return receiver;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Deliveries received per {@code windowId/noticeId}. */
  Map<String, Long> counts() {
    Map<String, Long> copy = new java.util.HashMap<>();
    received.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      JsonObject body = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      String key = body.getJsonObject("window").getString("id") + "/" + body.getString("notice");
      received.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
    } catch (RuntimeException malformed) {
      exchange.sendResponseHeaders(400, -1);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
