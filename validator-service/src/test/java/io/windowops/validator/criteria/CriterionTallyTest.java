package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.measurement;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Measurement;
import io.windowops.events.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A criterion's limits")
class CriterionTallyTest {

  private static CriterionSpec spec(int count, int consecutive, int failures, int inconclusive) {
    return criterion("c", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 1)
        .setCount(count)
        .setConsecutiveFailureLimit(consecutive)
        .setFailureLimit(failures)
        .setInconclusiveLimit(inconclusive)
        .build();
  }

  /** Measurements from a pattern: P passed, F failed, I inconclusive. */
  private static List<Measurement> seq(String pattern) {
    List<Measurement> ms = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      Verdict v = switch (pattern.charAt(i)) {
        case 'P' -> Verdict.PASSED;
        case 'F' -> Verdict.FAILED;
        default -> Verdict.INCONCLUSIVE;
      };
      ms.add(measurement("c", i + 1, v, v == Verdict.INCONCLUSIVE ? null : 1.0));
    }
    return ms;
  }

  @Test
  @DisplayName("keeps measuring until count measurements were taken")
  void running() {
    CriterionTally t = CriterionTally.of(spec(3, 0, 5, 5), seq("PF"));

    assertThat(t.decided()).isFalse();
    assertThat(t.taken()).isEqualTo(2);
  }

  @Test
  @DisplayName("fails at the first failure with the default failureLimit 0")
  void defaultFailureLimit() {
    CriterionTally t = CriterionTally.of(spec(5, 0, 0, 0), seq("PF"));

    assertThat(t.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(t.reason()).isEqualTo("1 failed measurements exceed failureLimit 0");
  }

  @Test
  @DisplayName("fails on consecutive failures even while the cumulative limit is not reached")
  void consecutive() {
    CriterionTally t = CriterionTally.of(spec(10, 2, 5, 0), seq("PFPFF"));

    assertThat(t.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(t.taken()).isEqualTo(5);
    assertThat(t.reason()).isEqualTo("2 consecutive failed measurements reached consecutiveFailureLimit 2");
  }

  @Test
  @DisplayName("fails on cumulative failures that are never consecutive")
  void cumulative() {
    CriterionTally scattered = CriterionTally.of(spec(10, 2, 2, 0), seq("FPFPF"));

    assertThat(scattered.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(scattered.taken()).isEqualTo(5);
    assertThat(scattered.reason()).isEqualTo("3 failed measurements exceed failureLimit 2");
  }

  @Test
  @DisplayName("passes when failures stay within both limits")
  void withinLimits() {
    CriterionTally t = CriterionTally.of(spec(5, 2, 2, 0), seq("FPFPP"));

    assertThat(t.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(t.reason()).isEqualTo("3 of 5 measurements passed");
  }

  @Test
  @DisplayName("does not let an inconclusive measurement end a failure streak, nor count as a failure")
  void inconclusiveInStreak() {
    assertThat(CriterionTally.of(spec(10, 2, 5, 5), seq("FIF")).verdict()).isEqualTo(Verdict.FAILED);
    assertThat(CriterionTally.of(spec(3, 0, 0, 5), seq("PIP")).verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  @DisplayName("becomes inconclusive, not failed, beyond the inconclusive limit")
  void inconclusiveLimit() {
    CriterionTally t = CriterionTally.of(spec(5, 0, 0, 1), seq("PII"));

    assertThat(t.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(t.reason()).isEqualTo("2 inconclusive measurements exceed inconclusiveLimit 1");
  }

  @Test
  @DisplayName("is inconclusive when no measurement passed and none failed")
  void nothingMeasured() {
    assertThat(CriterionTally.of(spec(2, 0, 0, 5), seq("II")).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  @DisplayName("takes one measurement when count is 0 or less, and ignores extra measurements")
  void countAtLeastOne() {
    assertThat(CriterionTally.of(spec(0, 0, 0, 0), seq("P")).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(CriterionTally.of(spec(0, 0, 0, 0), seq("")).decided()).isFalse();
    assertThat(CriterionTally.of(spec(1, 0, 0, 0), seq("PF")).verdict()).isEqualTo(Verdict.PASSED);
  }
}
