package io.windowops.executor.action;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.Value;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code http} actions with the Vert.x WebClient (non-blocking). Secrets are resolved on a
 * worker thread (a {@code file:} secret is a file read), the response body is redacted and
 * truncated like command output, and a status outside {@code expectStatus} fails the step.
 */
public final class HttpRunner {

  private final Vertx vertx;
  private final WebClient client;
  private final Map<String, String> environment;

  public HttpRunner(Vertx vertx, WebClient client, Map<String, String> environment) {
    this.vertx = vertx;
    this.client = client;
    this.environment = environment;
  }

  /** A request ready to send, with the redactor that knows its secrets. */
  private record Prepared(String url, Map<String, String> headers, String body, Redactor redactor) {}

  public Future<ActionResult> run(ActionRequest request, Action.Http spec) {
    return vertx
        .executeBlocking(() -> prepare(request, spec), false)
        .compose(
            p -> {
              HttpRequest<Buffer> http =
                  client.requestAbs(HttpMethod.valueOf(spec.method()), p.url()).timeout(request.timeout().toMillis());
              p.headers().forEach(http::putHeader);
              Future<HttpResponse<Buffer>> sent;
              if (p.body() == null) {
                sent = http.send();
              } else {
                if (!p.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("content-type"))) {
                  http.putHeader("content-type", "application/json");
                }
                sent = http.sendBuffer(Buffer.buffer(p.body()));
              }
              return sent
                  .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
                  .map(response -> result(response, spec, p.redactor()))
                  .recover(e -> Future.succeededFuture(failure(e, request, p.redactor())));
            },
            e -> Future.succeededFuture(ActionResult.failed(e.getMessage())));
  }

  private Prepared prepare(ActionRequest request, Action.Http spec) {
    Redactor redactor = new Redactor();
    Resolver resolver = new Resolver(request.bound(), environment, redactor);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, Value> h : spec.headers().entrySet()) {
      String value = resolver.resolve(h.getValue());
      if (value != null) {
        headers.put(h.getKey(), value);
      }
    }
    String body = spec.body() == null ? null : Json.encode(resolver.body(spec.body()));
    return new Prepared(resolver.url(spec.url()), headers, body, redactor);
  }

  private static ActionResult result(HttpResponse<Buffer> response, Action.Http spec, Redactor redactor) {
    byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes();
    CapturedOutput captured = new CapturedOutput(spec.maxOutputBytes(), redactor.longestSecretBytes() + 64);
    captured.drain(new ByteArrayInputStream(bytes));
    CapturedOutput.Text text = captured.text(redactor);
    int status = response.statusCode();
    boolean ok = spec.expectStatus().contains(status);
    return new ActionResult(
        ok ? StepStatus.SUCCEEDED : StepStatus.FAILED,
        null,
        text.text(),
        text.truncated(),
        ok ? null : "HTTP " + status + " is not one of the expected statuses " + spec.expectStatus(),
        Map.of("httpStatus", Integer.toString(status)));
  }

  static ActionResult failure(Throwable e, ActionRequest request, Redactor redactor) {
    boolean timedOut = e instanceof TimeoutException || e instanceof io.vertx.core.http.StreamResetException
        || String.valueOf(e.getMessage()).contains("timeout");
    return new ActionResult(
        timedOut ? StepStatus.TIMED_OUT : StepStatus.FAILED,
        null,
        "",
        false,
        timedOut ? "no response within " + request.timeout() : redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage()),
        Map.of());
  }
}
