package io.windowops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Benchmark percentiles")
class DistributionTest {

  @Test
  @DisplayName("are nearest-rank: of 1..100 ms, p50 is 50, p99 is 99, max is 100")
  void nearestRank() {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    Distribution d = Distribution.of(values);
    assertThat(d.count()).isEqualTo(100);
    assertThat(d.p50()).isEqualTo(50);
    assertThat(d.p99()).isEqualTo(99);
    assertThat(d.max()).isEqualTo(100);
    assertThat(d.mean()).isEqualTo(50.5);
  }

  @Test
  @DisplayName("of a few samples, p99 is the largest")
  void fewSamples() {
    Distribution d = Distribution.of(List.of(3.0, 1.0, 2.0));
    assertThat(d.p50()).isEqualTo(2);
    assertThat(d.p99()).isEqualTo(3);
  }

  @Test
  @DisplayName("refuse an empty set rather than report zeros")
  void empty() {
    assertThatThrownBy(() -> Distribution.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
