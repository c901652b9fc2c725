package io.windowops.validator.peers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A health endpoint whose status and JSON body the test sets; it records request headers. */
public final class HealthEndpoint implements AutoCloseable {

  private final HttpServer server;
  private volatile int status = 200;
  /** Statuses to answer in turn before falling back to {@code status}. */
  private final java.util.Deque<Integer> script = new java.util.ArrayDeque<>();
  private volatile String body = "{\"status\":\"UP\"}";
  private final List<String> authorizations = new ArrayList<>();

  public HealthEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      synchronized (authorizations) {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      Integer scripted;
      synchronized (script) {
        scripted = script.poll();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(scripted == null ? status : scripted, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  public void respond(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /** Answers these statuses to the next requests, in order, then {@code status} again. */
  public void script(int... statuses) {
    synchronized (script) {
      script.clear();
      for (int s : statuses) {
        script.add(s);
      }
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  public List<String> authorizations() {
    synchronized (authorizations) {
      return List.copyOf(authorizations);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
