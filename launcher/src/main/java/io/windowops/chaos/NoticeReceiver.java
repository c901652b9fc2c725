package io.windowops.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import io.windowops.notifier.channel.WebhookChannel;
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
 * ({@code windowId/noticeId}), so a resend after a crash counts as a second delivery. It checks
 * each body's HMAC signature and answers 200 to every signed, well-formed delivery, like a
 * receiver that does not de-duplicate.
 */
final class NoticeReceiver implements AutoCloseable {

  private final HttpServer server;
  private final String signingKey;
  private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
  private final AtomicLong badSignatures = new AtomicLong();

  private NoticeReceiver(HttpServer server, String signingKey) {
    this.server = server;
    this.signingKey = signingKey;
  }

  /** {@code signingKey}: the HMAC key the notifier must sign each body with. */
  static NoticeReceiver start(String signingKey) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    NoticeReceiver receiver = new NoticeReceiver(server, signingKey);
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

  /** Deliveries whose signature did not match the body (refused with 401, not counted). */
  long badSignatures() {
    return badSignatures.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      String expected = "sha256=" + WebhookChannel.hmac(signingKey, bytes);
      if (!expected.equals(exchange.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE_HEADER))) {
        badSignatures.incrementAndGet();
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      JsonObject body = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
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
