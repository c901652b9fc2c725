package io.windowops.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A tiny in-process stand-in for a Confluent registry over real HTTP, for unit tests of the client
 * and the serdes: it registers and serves schemas by id, records every request, and answers canned
 * responses where a test sets them. The full API is tested against the embedded registry in the
 * platform module's integration tests.
 */
public final class StubRegistry implements AutoCloseable {

  /** One request as the server saw it. */
  public record Request(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, List<String>> headers,
      String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private record Canned(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Canned> canned = new ConcurrentHashMap<>();
  private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
  private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  public StubRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** From now on, answer {@code method rawPath} (query excluded) with this status and body. */
  public void answer(String method, String rawPath, int status, String body) {
    canned.put(method + " " + rawPath, new Canned(status, body));
  }

  /** Registers a schema directly, as another producer would have; returns its id. */
  public int preload(Schema schema) {
    return idsBySchema.computeIfAbsent(
        schema.toString(),
        text -> {
          int id = nextId.getAndIncrement();
          schemasById.put(id, text);
          return id;
        });
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public long count(String method, String rawPathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.rawPath().startsWith(rawPathPrefix))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    requests.add(
        new Request(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            body));
    Canned answer = canned.get(method + " " + path);
    if (answer == null) {
      answer = fake(method, path, body);
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Canned fake(String method, String path, String body) throws IOException {
    if (method.equals("POST") && path.matches("/subjects/[^/]+/versions")) {
      JsonNode request = JSON.readTree(body);
      Schema schema = new Schema.Parser().parse(request.get("schema").textValue());
      return new Canned(200, "{\"id\":" + preload(schema) + "}");
    }
    if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
      int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
      String schema = schemasById.get(id);
      if (schema == null) {
        return new Canned(
            404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
      }
      return new Canned(200, JSON.createObjectNode().put("schema", schema).toString());
    }
    return new Canned(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
  }
}
