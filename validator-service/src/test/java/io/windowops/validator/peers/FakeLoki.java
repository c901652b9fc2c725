package io.windowops.validator.peers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Loki stand-in implementing {@code GET /loki/api/v1/query_range} for log queries: it keeps
 * the lines the test pushes per stream selector text and answers a query with the lines of the
 * streams whose selector the query starts with, inside [start, end] (nanoseconds), newest first,
 * at most {@code limit}, in Loki's {@code streams} response format. It records every query.
 */
public final class FakeLoki implements AutoCloseable {

  /** One pushed line. */
  private record Line(String selector, long nanos, String text) {}

  private final HttpServer server;
  private final List<Line> lines = new ArrayList<>();
  private final List<Map<String, String>> queries = new ArrayList<>();

  public FakeLoki() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/loki/api/v1/query_range", this::queryRange);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Pushes a line for stream selector {@code selector} (e.g. {@code {app="oneiric"}}) stamped now. */
  public synchronized void push(String selector, String text) {
    long now = System.currentTimeMillis() * 1_000_000L;
    lines.add(new Line(selector, now, text));
  }

  public synchronized List<Map<String, String>> queries() {
    return List.copyOf(queries);
  }

  private void queryRange(HttpExchange exchange) throws IOException {
    Map<String, String> q = params(exchange.getRequestURI());
    JsonObject body;
    int status = 200;
    synchronized (this) {
      queries.add(q);
      String query = q.get("query");
      if (query == null || q.get("start") == null || q.get("end") == null) {
        status = 400;
        body = new JsonObject().put("status", "error").put("error", "query, start and end are required");
      } else {
        long start = Long.parseLong(q.get("start"));
        long end = Long.parseLong(q.get("end"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
        Map<String, JsonArray> streams = new HashMap<>();
        lines.stream()
            .filter(l -> query.startsWith(l.selector()) && l.nanos() >= start && l.nanos() <= end)
            .sorted((a, b) -> Long.compare(b.nanos(), a.nanos()))
            .limit(limit)
            .forEach(l -> streams.computeIfAbsent(l.selector(), s -> new JsonArray())
                .add(new JsonArray().add(Long.toString(l.nanos())).add(l.text())));
        JsonArray result = new JsonArray();
        streams.forEach((selector, values) ->
            result.add(new JsonObject().put("stream", new JsonObject().put("selector", selector)).put("values", values)));
        body = new JsonObject().put("status", "success")
            .put("data", new JsonObject().put("resultType", "streams").put("result", result).put("stats", new JsonObject()));
      }
    }
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> params(URI uri) {
    Map<String, String> params = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(k, v);
      }
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
