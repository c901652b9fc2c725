package io.windowops.notifier.dispatch;

import java.time.Duration;
import java.util.Optional;

/**
 * When a delivery that failed transiently is sent again: {@code firstDelay} after the first
 * failed round, doubling up to {@code maxDelay}, as long as the next round starts within {@code
 * budget} of the first send. The input record's offset waits for it, so the budget (plus one
 * round: an HTTP channel's own retries take up to ~45 s) must stay inside the handler timeout.
 */
public record DeliveryRetry(Duration firstDelay, Duration maxDelay, Duration budget) {

  public static final String BUDGET = "NOTIFIER_RETRY_BUDGET";

  public static DeliveryRetry defaults() {
    return new DeliveryRetry(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(15));
  }

  public DeliveryRetry withBudget(Duration budget) {
    return new DeliveryRetry(firstDelay, maxDelay, budget);
  }

  /**
   * The wait before round {@code failedRounds + 1}, or empty when the budget does not allow it.
   *
   * @param elapsed time since the first round began
   */
  public Optional<Duration> next(int failedRounds, Duration elapsed) {
    Duration delay = firstDelay.multipliedBy(1L << Math.min(failedRounds - 1, 20));
    if (delay.compareTo(maxDelay) > 0) {
      delay = maxDelay;
    }
    return elapsed.plus(delay).compareTo(budget) <= 0 ? Optional.of(delay) : Optional.empty();
  }
}
