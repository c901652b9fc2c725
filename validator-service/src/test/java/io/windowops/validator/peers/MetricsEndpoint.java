package io.windowops.validator.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A metrics endpoint the test controls, in Prometheus text format: gauges set by the test,
 * scraped by the real Prometheus.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;
  /** Series text (name plus labels) to value. */
  private final Map<String, Double> gauges = new TreeMap<>();

  public MetricsEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = render().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /** Sets a gauge, e.g. {@code set("windowops_test_success_rate{pod=\"a\"}", 0.995)}. */
  public synchronized void set(String series, double value) {
    gauges.put(series, value);
  }

  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private synchronized String render() {
    StringBuilder sb = new StringBuilder();
    java.util.Set<String> typed = new java.util.HashSet<>();
    gauges.forEach((series, value) -> {
      String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
      if (typed.add(name)) {
        sb.append("# TYPE ").append(name).append(" gauge\n");
      }
      sb.append(series).append(' ').append(value).append('\n');
    });
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
