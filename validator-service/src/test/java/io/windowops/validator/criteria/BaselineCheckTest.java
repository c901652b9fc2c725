package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.withParams;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A baseline comparison")
class BaselineCheckTest {

  /** Post p99 latency within +10% of the baseline. */
  private static final CriterionSpec P99_UP_10 =
      withParams(criterion("p99", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 10), "direction", "up");
  /** Success rate (in percent) not lower by more than 0.1 points. */
  private static final CriterionSpec RATE_DROP_01 =
      criterion("rate", CriterionKind.BASELINE, ComparisonOperator.GREATER_OR_EQUAL, -0.1).build();

  @Test
  @DisplayName("captures the value in the BASELINE phase")
  void captures() {
    assertThat(BaselineCheck.evaluate(0.25, null, P99_UP_10, ValidationPhase.BASELINE))
        .isEqualTo(Reading.passed(0.25, "captured 0.25"));
  }

  @Test
  @DisplayName("passes a p99 up to 10% above its baseline, or any lower, and fails one 11% above")
  void withinPercentUp() {
    assertThat(BaselineCheck.evaluate(0.22, 0.2, P99_UP_10, ValidationPhase.POST).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(BaselineCheck.evaluate(0.1, 0.2, P99_UP_10, ValidationPhase.POST).verdict()).isEqualTo(Verdict.PASSED);
    Reading worse = BaselineCheck.evaluate(0.222, 0.2, P99_UP_10, ValidationPhase.POST);
    assertThat(worse.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(worse.value()).isEqualTo(0.222);
    assertThat(worse.detail()).isEqualTo("0.222 (+11%) vs baseline 0.2, allowed +10%");
  }

  @Test
  @DisplayName("limits both directions by default and only falls with direction down")
  void withinPercentBothAndDown() {
    CriterionSpec both = criterion("v", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 5).build();
    CriterionSpec down = withParams(criterion("v", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 5), "direction", "down");

    assertThat(BaselineCheck.evaluate(94, 100.0, both, ValidationPhase.POST).verdict()).isEqualTo(Verdict.FAILED);
    assertThat(BaselineCheck.evaluate(106, 100.0, both, ValidationPhase.POST).verdict()).isEqualTo(Verdict.FAILED);
    assertThat(BaselineCheck.evaluate(104, 100.0, both, ValidationPhase.POST).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(BaselineCheck.evaluate(200, 100.0, down, ValidationPhase.POST).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(BaselineCheck.evaluate(94, 100.0, down, ValidationPhase.POST).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  @DisplayName("compares the change with the threshold for other comparators: a rate may drop 0.1 points")
  void delta() {
    Reading slightDrop = BaselineCheck.evaluate(99.85, 99.9, RATE_DROP_01, ValidationPhase.POST);
    Reading bigDrop = BaselineCheck.evaluate(99.7, 99.9, RATE_DROP_01, ValidationPhase.POST);

    assertThat(slightDrop.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(bigDrop.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(bigDrop.detail()).startsWith("99.7 vs baseline 99.9: change -0.2");
  }

  @Test
  @DisplayName("is inconclusive without a captured baseline")
  void noBaseline() {
    Reading r = BaselineCheck.evaluate(0.3, null, P99_UP_10, ValidationPhase.POST);

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.detail()).contains("no baseline value for criterion p99");
  }
}
