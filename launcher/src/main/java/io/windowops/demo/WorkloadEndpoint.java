package io.windowops.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Serves the demo workload's state as the resolver's own endpoints would: {@code /metrics} in the
 * Prometheus text format (what the demo's Prometheus scrapes) and {@code /status.json} (what the
 * validator's HTTP criterion reads when no Prometheus is installed). Every answer is computed
 * from the workload's files at the moment of the request.
 */
public final class WorkloadEndpoint implements AutoCloseable {

  public static final String CACHE_METRIC = "demo_cache_bytes";
  public static final String RATIO_METRIC = "demo_resolver_success_ratio";

  private final HttpServer server;

  private WorkloadEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port. */
  public static WorkloadEndpoint start(ResolverWorkload workload) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/metrics", exchange -> answer(exchange, "text/plain; version=0.0.4", () -> metrics(workload)));
    server.createContext("/status.json", exchange -> answer(exchange, "application/json", () -> status(workload)));
    server.start();
    return new WorkloadEndpoint(server);
  }

  /** host:port, as a Prometheus scrape target. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public String url() {
    return "http://" + target();
  }

  static String metrics(ResolverWorkload w) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP ").append(CACHE_METRIC).append(" Bytes of files in the resolver's cache directory.\n");
    out.append("# TYPE ").append(CACHE_METRIC).append(" gauge\n");
    out.append(CACHE_METRIC).append("{service=\"").append(ResolverWorkload.CACHE_SERVICE).append("\"} ")
        .append(w.cacheBytes()).append('\n');
    out.append("# HELP ").append(RATIO_METRIC).append(" Share of queries a resolver component answers successfully.\n");
    out.append("# TYPE ").append(RATIO_METRIC).append(" gauge\n");
    for (String component : ResolverWorkload.COMPONENTS) {
      out.append(RATIO_METRIC).append("{service=\"").append(ResolverWorkload.SERVICE)
          .append("\",component=\"").append(component).append("\"} ")
          .append(String.format(Locale.ROOT, "%.3f", w.successRatio(component))).append('\n');
    }
    return out.toString();
  }

  static String status(ResolverWorkload w) {
    JsonObject versions = new JsonObject();
    w.versions().forEach(versions::put);
    return new JsonObject()
        .put("service", ResolverWorkload.SERVICE)
        .put("cacheBytes", w.cacheBytes())
        .put("successRatio", w.worstSuccessRatio())
        .put("versions", versions)
        .encode();
  }

  private static void answer(HttpExchange exchange, String contentType, Supplier<String> body) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes;
      int status = 200;
      try {
        bytes = body.get().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        status = 500;
        bytes = ("cannot read the workload: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
