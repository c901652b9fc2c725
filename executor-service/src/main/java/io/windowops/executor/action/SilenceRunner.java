package io.windowops.executor.action;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code alertmanager.silence}: as a step, creates a silence through Alertmanager's v2 API
 * ({@code POST /api/v2/silences}) with the declared matchers, {@code createdBy} and a comment
 * naming the window, and records its id as output {@code silenceId}; as a compensation, expires
 * that silence ({@code DELETE /api/v2/silence/{id}}).
 */
public final class SilenceRunner {

  private static final Pattern SILENCE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final WebClient client;
  private final Map<String, String> environment;

  public SilenceRunner(WebClient client, Map<String, String> environment) {
    this.client = client;
    this.environment = environment;
  }

  public Future<ActionResult> run(ActionRequest request, Action.Silence spec) {
    Redactor redactor = new Redactor();
    Resolver resolver = new Resolver(request.bound(), environment, redactor);
    String base = stripSlash(resolver.url(spec.url()));
    if (request.kind() == ExecutionKind.COMPENSATION) {
      return expire(request, base, redactor);
    }
    Instant now = Instant.now();
    JsonArray matchers = new JsonArray();
    for (Action.Matcher m : spec.matchers()) {
      matchers.add(
          new JsonObject()
              .put("name", m.name())
              .put("value", resolver.resolve(m.value()))
              .put("isRegex", m.regex())
              .put("isEqual", m.equal()));
    }
    JsonObject silence =
        new JsonObject()
            .put("matchers", matchers)
            .put("startsAt", now.toString())
            .put("endsAt", now.plus(spec.duration()).toString())
            .put("createdBy", spec.createdBy())
            .put(
                "comment",
                "WindowOps maintenance window " + request.windowId() + ", step " + request.stepId()
                    + " (attempt " + request.attempt() + ")");
    return client
        .postAbs(base + "/api/v2/silences")
        .timeout(request.timeout().toMillis())
        .sendJsonObject(silence)
        .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .map(response -> created(response, redactor))
        .recover(e -> Future.succeededFuture(HttpRunner.failure(e, request, redactor)));
  }

  private Future<ActionResult> expire(ActionRequest request, String base, Redactor redactor) {
    String id = request.stepOutputs().get("silenceId");
    if (id == null || !SILENCE_ID.matcher(id).matches()) {
      return Future.succeededFuture(
          ActionResult.failed("the step recorded no valid output 'silenceId' to expire"));
    }
    return client
        .deleteAbs(base + "/api/v2/silence/" + id)
        .timeout(request.timeout().toMillis())
        .send()
        .timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .map(
            response -> {
              boolean ok = response.statusCode() == 200;
              return new ActionResult(
                  ok ? StepStatus.SUCCEEDED : StepStatus.FAILED,
                  null,
                  ok ? "expired silence " + id : redactor.redact(body(response)),
                  false,
                  ok ? null : "Alertmanager answered HTTP " + response.statusCode() + " expiring silence " + id,
                  Map.of("silenceId", id, "httpStatus", Integer.toString(response.statusCode())));
            })
        .recover(e -> Future.succeededFuture(HttpRunner.failure(e, request, redactor)));
  }

  private static ActionResult created(HttpResponse<Buffer> response, Redactor redactor) {
    String body = body(response);
    if (response.statusCode() != 200) {
      return new ActionResult(
          StepStatus.FAILED, null, redactor.redact(body), false,
          "Alertmanager answered HTTP " + response.statusCode() + " creating the silence",
          Map.of("httpStatus", Integer.toString(response.statusCode())));
    }
    String id;
    try {
      id = new JsonObject(body).getString("silenceID");
    } catch (RuntimeException e) {
      id = null;
    }
    if (id == null || !SILENCE_ID.matcher(id).matches()) {
      return ActionResult.failed("Alertmanager's answer has no silenceID: " + redactor.redact(body));
    }
    return new ActionResult(
        StepStatus.SUCCEEDED, null, "created silence " + id, false, null, Map.of("silenceId", id));
  }

  private static String body(HttpResponse<Buffer> response) {
    String text = response.bodyAsString();
    return text == null ? "" : text.length() > 2048 ? text.substring(0, 2048) : text;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
