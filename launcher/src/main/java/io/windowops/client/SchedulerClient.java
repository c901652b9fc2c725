package io.windowops.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scheduler's REST API over the JDK's HTTP client: a bearer token on every call (never
 * logged or printed), JSON in and out. A window id goes into a path only if it has the API's
 * own id shape, so no input can change which resource is called.
 */
public final class SchedulerClient {

  /** The API's window id shape (as its request parser checks it). */
  public static final Pattern WINDOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{2,63}");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** An answer: the status, and the body as a JSON object (null if it was not one). */
  public record Answer(int status, JsonObject body, String text) {
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The API's error shape {error, details: [{field, problem}]} as lines, or the raw text. */
    public String error() {
      if (body == null || body.getString("error") == null) {
        return "HTTP " + status + (text == null || text.isBlank() ? "" : ": " + text.strip());
      }
      StringBuilder s = new StringBuilder(body.getString("error"));
      if (body.getJsonArray("details") != null) {
        body.getJsonArray("details").forEach(d -> {
          if (d instanceof JsonObject problem) {
            s.append(System.lineSeparator()).append("  ").append(problem.getString("field").isEmpty() ? "(request)" : problem.getString("field"))
                .append(": ").append(problem.getString("problem"));
          }
        });
      }
      return s.toString();
    }
  }

  /** The server could not be reached, or did not answer in time. */
  public static final class UnreachableException extends Exception {
    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final URI base;
  private final String token;
  private final HttpClient http;

  public SchedulerClient(String baseUrl, String token) {
    String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.base = URI.create(url);
    if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
      throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s) URL");
    }
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI base() {
    return base;
  }

  public Answer get(String path) throws UnreachableException {
    return send(request(path).GET());
  }

  public Answer post(String path, JsonObject body) throws UnreachableException {
    return send(request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.encode())));
  }

  /** {@code /windows/ID} plus more path, after checking the id's shape. */
  public static String windowPath(String windowId, String more) {
    if (!WINDOW_ID.matcher(windowId).matches()) {
      throw new IllegalArgumentException("'" + windowId + "' is not a window id (letters, digits, '.', '_', '-'; 3 to 64)");
    }
    return "/windows/" + windowId + more;
  }

  /** A query string from the non-null parameters, each value encoded. */
  public static String query(Map<String, String> params) {
    String q = params.entrySet().stream().filter(e -> e.getValue() != null)
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return q.isEmpty() ? "" : "?" + q;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("accept", "application/json");
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token.strip());
    }
    return b;
  }

  private Answer send(HttpRequest.Builder request) throws UnreachableException {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), json(r.body()), r.body());
    } catch (IOException e) {
      throw new UnreachableException("cannot reach the scheduler at " + base + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted while calling " + base, e);
    }
  }

  private static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
  }

  private static JsonObject json(String body) {
    try {
      return body == null || body.isBlank() ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
