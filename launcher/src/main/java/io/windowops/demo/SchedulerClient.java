package io.windowops.demo;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's REST API as the demo's people use it, with the development tokens published in
 * {@code examples/api-tokens.yaml} (local mode only): a requester, an incident commander and an
 * engineering manager (the two approvals an emergency needs), and an auditor who reads.
 */
public final class SchedulerClient {

  static final String REQUESTER = "requester-dev-token";
  static final List<String> APPROVERS = List.of("incident-dev-token", "manager-dev-token");
  static final String AUDITOR = "auditor-dev-token";

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public SchedulerClient(String base) {
    this.base = base;
  }

  /** Requests the window and gives both approvals; fails with the API's answer if refused. */
  public void requestApproved(JsonObject window) throws IOException, InterruptedException {
    String id = window.getString("windowId");
    expect(send("POST", "/windows", REQUESTER, window.encode()), "request " + id, 201, 202);
    for (String approver : APPROVERS) {
      expect(send("POST", "/windows/" + path(id) + "/approve", approver, "{}"), "approve " + id, 202);
    }
  }

  /** The window as the API shows it; empty until the scheduler has recorded it. */
  public Optional<JsonObject> window(String id) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", "/windows/" + path(id), AUDITOR, null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    expect(r, "read " + id, 200);
    return Optional.of(new JsonObject(r.body()));
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(15))
        .header("Authorization", "Bearer " + token);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> r, String what, int... statuses) throws IOException {
    for (int s : statuses) {
      if (r.statusCode() == s) {
        return;
      }
    }
    String hint = r.statusCode() == 401 || r.statusCode() == 403
        ? " (the demo uses the development tokens of examples/api-tokens.yaml: point WINDOWOPS_API_TOKENS_FILE there)"
        : "";
    throw new IOException(what + ": HTTP " + r.statusCode() + " " + r.body() + hint);
  }

  private static String path(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
