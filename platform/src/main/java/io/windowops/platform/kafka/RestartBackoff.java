package io.windowops.platform.kafka;

import java.time.Duration;

/**
 * How long a supervised loop waits before its next restart: {@code first}, doubling up to {@code
 * cap}; a session that stayed healthy for {@code healthyAfter} starts the series again, so one
 * fault a day always restarts quickly while a crash loop slows down. Not thread-safe: one per loop.
 */
public final class RestartBackoff {

  private final Duration first;
  private final Duration cap;
  private final Duration healthyAfter;
  private Duration next;

  public RestartBackoff(Duration first, Duration cap, Duration healthyAfter) {
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= cap, was " + first + " and " + cap);
    }
    this.first = first;
    this.cap = cap;
    this.healthyAfter = healthyAfter;
    this.next = first;
  }

  /** 200 ms doubling to 10 s, reset after a minute without a fault. */
  public static RestartBackoff defaults() {
    return new RestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  /** The wait before restarting a session that failed after running for {@code sessionLasted}. */
  public Duration delayAfter(Duration sessionLasted) {
    if (sessionLasted.compareTo(healthyAfter) >= 0) {
      next = first;
    }
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(cap) > 0 ? cap : doubled;
    return delay;
  }
}
