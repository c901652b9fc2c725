package io.windowops.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An attempt's deadline")
class AttemptDeadlineTest {

  private static final Instant ACCEPTED = Instant.parse("2026-11-24T02:00:00Z");
  private final AttemptDeadline deadline = new AttemptDeadline(ACCEPTED, Duration.ofSeconds(300));

  @Test
  @DisplayName("runs from acceptance: an attempt that waited 100 s has 200 s left")
  void leftAfterWaiting() {
    assertThat(deadline.left(ACCEPTED.plusSeconds(100))).isEqualTo(Duration.ofSeconds(200));
    assertThat(deadline.passed(ACCEPTED.plusSeconds(100))).isFalse();
  }

  @Test
  @DisplayName("has passed at acceptance plus the timeout, and after")
  void passed() {
    assertThat(deadline.passed(ACCEPTED.plusSeconds(300))).isTrue();
    assertThat(deadline.passed(ACCEPTED.plusSeconds(301))).isTrue();
    assertThat(deadline.notStarted()).contains("accepted at 2026-11-24T02:00:00Z", "timeout PT5M", "never ran");
  }
}
