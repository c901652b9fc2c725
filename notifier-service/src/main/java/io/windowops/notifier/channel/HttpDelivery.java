package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one HTTP request with the retry rules every HTTP channel shares: rate-limited per key;
 * 429 waits for Retry-After; 5xx and connection errors back off exponentially; 404/410 (the
 * webhook or resource is gone) and other 4xx fail permanently; bounded attempts.
 */
public final class HttpDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);

  /** No single request may take longer, so a hung peer cannot outlast the handler timeout. */
  public static final long REQUEST_TIMEOUT_MS = 10_000;

  /** Retry bounds; the whole series must fit in the input handler's timeout. */
  public record Retry(int maxAttempts, Duration firstBackoff, Duration maxWait) {
    public static Retry defaults() {
      // Worst case ~45 s (4 attempts of at most 10 s each, plus waits): inside the 60 s handler timeout.
      return new Retry(4, Duration.ofMillis(500), Duration.ofSeconds(10));
    }
  }

  /** A successful response and the attempts it took. */
  public record Response(HttpResponse<Buffer> response, int attempts) {}

  private final RateLimiter limiter;
  private final Retry retry;

  public HttpDelivery(RateLimiter limiter, Retry retry) {
    this.limiter = limiter;
    this.retry = retry;
  }

  /**
   * @param what names the call in errors and logs (never a secret URL)
   * @param rateKey the key rate limiting applies to
   */
  public Future<Response> send(String what, String rateKey, Supplier<Future<HttpResponse<Buffer>>> request) {
    return attempt(what, rateKey, request, 1);
  }

  private Future<Response> attempt(String what, String rateKey, Supplier<Future<HttpResponse<Buffer>>> request, int n) {
    return limiter
        .acquire(rateKey)
        .compose(v -> request.get())
        .transform(
            ar -> {
              if (ar.succeeded()) {
                HttpResponse<Buffer> r = ar.result();
                int status = r.statusCode();
                if (status >= 200 && status < 300) {
                  return Future.succeededFuture(new Response(r, n));
                }
                if (status == 429) {
                  Duration wait = retryAfter(r.getHeader("Retry-After"));
                  limiter.backOff(rateKey, wait);
                  return again(what, rateKey, request, n, "429 Too Many Requests", Duration.ZERO);
                }
                if (status >= 500) {
                  return again(what, rateKey, request, n, "HTTP " + status, backoff(n));
                }
                String gone = status == 404 || status == 410 ? " (gone)" : "";
                return Future.failedFuture(new DeliveryFailure(what + ": HTTP " + status + gone + bodyHint(r), true, n));
              }
              return again(what, rateKey, request, n, ar.cause().toString(), backoff(n));
            });
  }

  private Future<Response> again(
      String what, String rateKey, Supplier<Future<HttpResponse<Buffer>>> request, int n, String error, Duration wait) {
    if (n >= retry.maxAttempts()) {
      return Future.failedFuture(new DeliveryFailure(what + ": " + error + " after " + n + " attempts", false, n));
    }
    LOG.info("{}: {} on attempt {}; retrying", what, error, n);
    return limiter.delay(wait.toMillis()).compose(v -> attempt(what, rateKey, request, n + 1));
  }

  private Duration backoff(int n) {
    long ms = retry.firstBackoff().toMillis() << Math.min(n - 1, 10);
    return Duration.ofMillis(Math.min(ms, retry.maxWait().toMillis()));
  }

  /** Retry-After in seconds (the form Slack and Statuspage send); capped, 1 s if absent. */
  private Duration retryAfter(String header) {
    long seconds = 1;
    if (header != null) {
      try {
        seconds = Math.max(0, Long.parseLong(header.trim()));
      } catch (NumberFormatException e) {
        seconds = 1;
      }
    }
    return Duration.ofSeconds(Math.min(seconds, retry.maxWait().toSeconds()));
  }

  private static String bodyHint(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    if (body == null || body.isBlank()) {
      return "";
    }
    return ": " + (body.length() > 200 ? body.substring(0, 200) : body);
  }
}
