package io.windowops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Benchmark results")
class BenchResultsTest {

  @TempDir Path dir;

  private static BenchResults results(int restored) {
    Distribution baseline = Distribution.of(List.of(10.0, 10.0, 20.0));
    Distribution step = Distribution.of(List.of(15.0, 15.0, 40.0));
    return new BenchResults(
        "quick", "2026-11-23T00:00:00Z", 2, 1.5, 185, 157, baseline, Distribution.of(List.of(5.0)), 50_000, step,
        new WindowPhases.Throughput(200, 10, 2_500, 200, 0, 8),
        new WindowPhases.Lateness(Distribution.of(List.of(1.0, 2.0, 150.0)), 3, 3, 4.5),
        new AdmissionIntake.Intake(10_000, 100_000, 0.5, 5.5, Distribution.of(List.of(0.01, 0.02, 0.2)), 25.0, 10_000),
        new StateTakeover.Takeover(restored, 3, 12.5, 11, restored + 42));
  }

  @Test
  @DisplayName("hold every figure the issue names, with the ratios to the baseline")
  void json() {
    JsonObject json = results(100_000).toJson();
    assertThat(json.fieldNames())
        .contains(
            "baseline_rtt_p50_ms", "baseline_rtt_p99_ms", "step_rtt_p50_ms", "step_rtt_p99_ms", "rtt_ratio_p50",
            "rtt_ratio_p99", "step_transitions_per_s", "timer_lateness_p99_ms", "restore_100k_s");
    assertThat(json.getDouble("rtt_ratio_p50")).isEqualTo(1.5);
    assertThat(json.getDouble("rtt_ratio_p99")).isEqualTo(2.0);
    assertThat(json.getDouble("raw_throughput_fraction")).isEqualTo(0.4);
    assertThat(json.getDouble("restore_100k_s")).isEqualTo(12.5);
    assertThat(json.getDouble("admission_growth_for_10x_claims")).isEqualTo(11.0);
    assertThat(json.getLong("admission_decisions_per_s")).isEqualTo(18_182L);
    assertThat(json.getDouble("admission_index_speedup")).isEqualTo(50.0);
  }

  @Test
  @DisplayName("leave the 100k restore figure empty when fewer windows were restored")
  void noFakeRestore() {
    JsonObject json = results(20_000).toJson();
    assertThat(json.containsKey("restore_100k_s")).isTrue();
    assertThat(json.getValue("restore_100k_s")).isNull();
    assertThat(json.getDouble("restore_s")).isEqualTo(12.5);
  }

  @Test
  @DisplayName("say which targets were met in the table, and draw a PNG")
  void tableAndChart() throws Exception {
    BenchResults r = results(100_000);
    assertThat(r.table()).contains("1.50x / 2.00x", "(NOT met)", "(met)");
    Path png = dir.resolve("chart.png");
    ResultsChart.write(r, png);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }
}
