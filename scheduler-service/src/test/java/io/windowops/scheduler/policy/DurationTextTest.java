package io.windowops.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Durations in policy files")
class DurationTextTest {

  @Test
  @DisplayName("short and ISO-8601 forms read the same")
  void forms() {
    assertThat(DurationText.parse("48h")).isEqualTo(Duration.ofHours(48));
    assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationText.parse("5min")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationText.parse("PT24H")).isEqualTo(Duration.ofHours(24));
    assertThat(DurationText.parse("p3d")).isEqualTo(Duration.ofDays(3));
  }

  @Test
  @DisplayName("anything else is refused with the forms it accepts")
  void refused() {
    assertThatThrownBy(() -> DurationText.parse("two hours"))
        .hasMessageContaining("'two hours' is not a duration (use e.g. 48h, 7d");
    assertThatThrownBy(() -> DurationText.parse("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationText.parse("PXD"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("messages and notice ids format durations compactly and stably")
  void formats() {
    assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0m");
    assertThat(DurationText.iso(Duration.ofDays(3))).isEqualTo("P3D");
    assertThat(DurationText.iso(Duration.ofHours(1))).isEqualTo("PT1H");
  }
}
