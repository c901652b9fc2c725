package io.windowops.validator.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.windowops.events.CriterionSpec;
import io.windowops.events.ValidateWindow;
import io.windowops.validator.criteria.BaselineCheck;
import io.windowops.validator.criteria.Comparison;
import io.windowops.validator.criteria.CriterionParams;
import io.windowops.validator.criteria.CriterionParams.InvalidCriterionException;
import io.windowops.validator.criteria.HttpCheck;
import io.windowops.validator.criteria.LokiResult;
import io.windowops.validator.criteria.PrometheusResult;
import io.windowops.validator.criteria.Reading;
import io.windowops.validator.criteria.UnusableAnswerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Takes one measurement of a criterion with the non-blocking Vert.x web client and judges it.
 * The returned future always succeeds: an unreachable source, an error answer or a criterion that
 * cannot be measured as declared is an inconclusive reading, never an exception.
 */
public final class Measurer {

  private static final String HEADER_PREFIX = "header.";

  private final WebClient client;
  private final SourceSettings settings;
  private final SecretResolver secrets;
  private final Clock clock;

  public Measurer(Vertx vertx, SourceSettings settings, Clock clock) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("windowops-validator"));
    this.settings = settings;
    this.secrets = new SecretResolver(vertx);
    this.clock = clock;
  }

  public Future<Reading> measure(CriterionSpec spec, ValidateWindow command) {
    Future<Reading> reading;
    try {
      reading =
          switch (spec.getKind()) {
            case PROMETHEUS -> prometheus(spec).map(body -> PrometheusResult.evaluate(body, spec));
            case BASELINE ->
                prometheus(spec)
                    .map(
                        body -> {
                          try {
                            double value = PrometheusResult.single(body).value();
                            Double baseline = command.getBaseline().get(spec.getCriterionId());
                            return BaselineCheck.evaluate(value, baseline, spec, command.getPhase());
                          } catch (UnusableAnswerException e) {
                            return Reading.inconclusive(e.getMessage());
                          }
                        });
            case LOKI -> loki(spec);
            case HTTP -> http(spec);
          };
    } catch (InvalidCriterionException e) {
      return Future.succeededFuture(Reading.inconclusive(e.getMessage()));
    }
    return reading.recover(e -> Future.succeededFuture(Reading.inconclusive(describe(e))));
  }

  public void close() {
    client.close();
  }

  private Future<JsonObject> prometheus(CriterionSpec spec) {
    CriterionParams params = new CriterionParams(spec);
    String base = params.text("source", settings.prometheusUrl());
    Instant now = clock.instant();
    return json(
        withTimeout(client.getAbs(join(base, "/api/v1/query")), params)
            .addQueryParam("query", params.query())
            .addQueryParam("time", String.format(java.util.Locale.ROOT, "%.3f", now.toEpochMilli() / 1000.0)),
        "prometheus at " + base);
  }

  private Future<Reading> loki(CriterionSpec spec) {
    CriterionParams params = new CriterionParams(spec);
    String base = params.text("source", settings.lokiUrl());
    Duration range = params.duration("range", Duration.ofMinutes(5));
    int limit = params.integer("limit", 5000, 1, 100_000);
    Instant end = clock.instant();
    Instant start = end.minus(range);
    return json(
            withTimeout(client.getAbs(join(base, "/loki/api/v1/query_range")), params)
                .addQueryParam("query", params.query())
                .addQueryParam("start", Long.toString(nanos(start)))
                .addQueryParam("end", Long.toString(nanos(end)))
                .addQueryParam("limit", Integer.toString(limit))
                .addQueryParam("direction", "backward"),
            "loki at " + base)
        .map(body -> LokiResult.evaluate(body, spec, limit));
  }

  private Future<Reading> http(CriterionSpec spec) {
    CriterionParams params = new CriterionParams(spec);
    String url = spec.getUrl();
    if (url == null || url.isBlank()) {
      throw new InvalidCriterionException(
          "criterion " + spec.getCriterionId() + ": url is required for an HTTP criterion");
    }
    // Validate the expectations before probing, so a bad declaration is reported as such.
    params.integer("expectedStatus", 200, 100, 599);
    HttpRequest<Buffer> request = withTimeout(client.getAbs(url), params);
    Future<Void> headers = Future.succeededFuture();
    for (Map.Entry<String, String> p : spec.getParams().entrySet()) {
      if (p.getKey().startsWith(HEADER_PREFIX)) {
        String name = p.getKey().substring(HEADER_PREFIX.length());
        headers = headers.compose(v -> secrets.resolve(p.getValue()).map(value -> {
          request.putHeader(name, value);
          return null;
        }));
      }
    }
    return headers
        .compose(v -> request.send())
        .map(response -> HttpCheck.evaluate(response.statusCode(), response.bodyAsString(), spec))
        .recover(e -> Future.succeededFuture(Reading.inconclusive(url + " unreachable: " + describe(e))));
  }

  private HttpRequest<Buffer> withTimeout(HttpRequest<Buffer> request, CriterionParams params) {
    long ms = params.duration("timeout", settings.requestTimeout()).toMillis();
    return request.timeout(ms);
  }

  /** A JSON answer, whatever its status: Prometheus and Loki explain errors in the body. */
  private static Future<JsonObject> json(HttpRequest<Buffer> request, String source) {
    return request
        .send()
        .recover(e -> Future.failedFuture(new UnusableAnswerException(source + " unreachable: " + describe(e))))
        .map(response -> body(response, source));
  }

  private static JsonObject body(HttpResponse<Buffer> response, String source) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body == null) {
        throw new UnusableAnswerException(source + " answered " + response.statusCode() + " without a body");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new UnusableAnswerException(
          source + " answered " + response.statusCode() + " with a body that is not JSON");
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof UnusableAnswerException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String join(String base, String path) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
