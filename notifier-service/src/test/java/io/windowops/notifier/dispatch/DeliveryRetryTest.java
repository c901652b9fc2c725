package io.windowops.notifier.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retrying a transiently failed delivery")
class DeliveryRetryTest {

  private final DeliveryRetry retry = DeliveryRetry.defaults();

  @Test
  @DisplayName("waits 1 s after the first failed round, doubling up to 8 s")
  void backsOff() {
    assertThat(retry.next(1, Duration.ZERO)).contains(Duration.ofSeconds(1));
    assertThat(retry.next(2, Duration.ZERO)).contains(Duration.ofSeconds(2));
    assertThat(retry.next(3, Duration.ZERO)).contains(Duration.ofSeconds(4));
    assertThat(retry.next(4, Duration.ZERO)).contains(Duration.ofSeconds(8));
    assertThat(retry.next(40, Duration.ZERO)).contains(Duration.ofSeconds(8));
  }

  @Test
  @DisplayName("starts no round that would begin after the budget (15 s by default), so the failure gets recorded")
  void staysInsideTheBudget() {
    assertThat(retry.next(2, Duration.ofSeconds(13))).contains(Duration.ofSeconds(2));
    assertThat(retry.next(2, Duration.ofMillis(13_001))).isEmpty();
    assertThat(retry.withBudget(Duration.ZERO).next(1, Duration.ZERO)).isEmpty();
  }
}
