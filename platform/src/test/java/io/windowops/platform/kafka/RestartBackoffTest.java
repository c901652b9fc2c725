package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The restart backoff of a supervised loop")
class RestartBackoffTest {

  private static final Duration SHORT = Duration.ofMillis(50);

  @Test
  @DisplayName("starts at 200 ms and doubles up to 10 s while sessions keep failing at once")
  void doublesToTheCap() {
    RestartBackoff backoff = RestartBackoff.defaults();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      delays.add(backoff.delayAfter(SHORT).toMillis());
    }
    assertThat(delays).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L, 10_000L, 10_000L);
  }

  @Test
  @DisplayName("starts again at the first delay after a session that stayed healthy for a minute")
  void resetsAfterAHealthyPeriod() {
    RestartBackoff backoff = RestartBackoff.defaults();
    for (int i = 0; i < 6; i++) {
      backoff.delayAfter(SHORT);
    }
    assertThat(backoff.delayAfter(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delayAfter(Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delayAfter(SHORT)).isEqualTo(Duration.ofMillis(400));
  }
}
