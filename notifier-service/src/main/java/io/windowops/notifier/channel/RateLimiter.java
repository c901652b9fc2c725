package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one request per interval per key (a Slack channel, a Statuspage page), by handing out
 * time slots; a 429 pushes the key's next slot back by the server's Retry-After.
 */
public final class RateLimiter {

  private final Vertx vertx;
  private final long intervalMs;
  private final Map<String, Long> nextSlot = new ConcurrentHashMap<>();

  public RateLimiter(Vertx vertx, Duration interval) {
    this.vertx = vertx;
    this.intervalMs = interval.toMillis();
  }

  /** Completes when the caller may send to {@code key}. */
  public Future<Void> acquire(String key) {
    long now = System.currentTimeMillis();
    long slot = nextSlot.merge(key, now + intervalMs, (prev, ignored) -> Math.max(prev, now) + intervalMs) - intervalMs;
    return delay(slot - now);
  }

  /** The server asked us to wait: nothing goes to {@code key} before {@code wait} has passed. */
  public void backOff(String key, Duration wait) {
    long until = System.currentTimeMillis() + wait.toMillis();
    nextSlot.merge(key, until, Math::max);
  }

  Future<Void> delay(long ms) {
    if (ms <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, t -> p.complete());
    return p.future();
  }
}
