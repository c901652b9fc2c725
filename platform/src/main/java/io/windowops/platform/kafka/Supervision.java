package io.windowops.platform.kafka;

import io.windowops.platform.config.WindowOpsConfig;
import java.time.Duration;

/**
 * How a consumer loop is supervised: the restart backoff ({@code firstDelay} doubling to {@code
 * maxDelay}, reset after {@code healthyAfter}) and how long a running consumer may go without a
 * poll before {@code /health/live} calls it stuck ({@code stallLimit}).
 */
public record Supervision(Duration firstDelay, Duration maxDelay, Duration healthyAfter, Duration stallLimit) {

  public static final String RESTART_DELAY = "WINDOWOPS_CONSUMER_RESTART_DELAY";
  public static final String RESTART_DELAY_MAX = "WINDOWOPS_CONSUMER_RESTART_DELAY_MAX";
  public static final String STALL_LIMIT = "WINDOWOPS_CONSUMER_STALL_LIMIT";
  private static final Duration HEALTHY_AFTER = Duration.ofSeconds(60);

  /** 200 ms doubling to 10 s; stuck after 5 minutes without a poll (Kafka's max.poll.interval.ms). */
  public static Supervision defaults() {
    return new Supervision(Duration.ofMillis(200), Duration.ofSeconds(10), HEALTHY_AFTER, Duration.ofMinutes(5));
  }

  public static Supervision from(WindowOpsConfig config) {
    Supervision d = defaults();
    return new Supervision(
        duration(config, RESTART_DELAY, d.firstDelay()),
        duration(config, RESTART_DELAY_MAX, d.maxDelay()),
        HEALTHY_AFTER,
        duration(config, STALL_LIMIT, d.stallLimit()));
  }

  public RestartBackoff newBackoff() {
    return new RestartBackoff(firstDelay, maxDelay, healthyAfter);
  }

  private static Duration duration(WindowOpsConfig config, String key, Duration fallback) {
    return config.get(key, "").isBlank() ? fallback : config.duration(key);
  }
}
