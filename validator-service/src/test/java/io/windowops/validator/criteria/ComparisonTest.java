package io.windowops.validator.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.ComparisonOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A comparison")
class ComparisonTest {

  @ParameterizedTest(name = "{1} {0} {2} is {3}")
  @CsvSource({
    "LESS_THAN, 1, 2, true", "LESS_THAN, 2, 2, false",
    "LESS_OR_EQUAL, 2, 2, true", "LESS_OR_EQUAL, 3, 2, false",
    "GREATER_THAN, 3, 2, true", "GREATER_THAN, 2, 2, false",
    "GREATER_OR_EQUAL, 2, 2, true", "GREATER_OR_EQUAL, 1.99, 2, false",
    "EQUAL, 0, 0, true", "EQUAL, 0.5, 0, false",
    "NOT_EQUAL, 1, 0, true", "NOT_EQUAL, 0, 0, false"
  })
  @DisplayName("applies each operator as value <op> threshold")
  void operators(ComparisonOperator op, double value, double threshold, boolean expected) {
    assertThat(Comparison.holds(op, value, threshold)).isEqualTo(expected);
  }

  @Test
  @DisplayName("refuses WITHIN_PERCENT, which needs a baseline")
  void withinPercentNeedsBaseline() {
    assertThatThrownBy(() -> Comparison.holds(ComparisonOperator.WITHIN_PERCENT, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BASELINE");
  }

  @Test
  @DisplayName("describes the comparison as held or broken")
  void describes() {
    assertThat(Comparison.describe(ComparisonOperator.LESS_OR_EQUAL, 0.031, 0.01, false)).isEqualTo("0.031 > 0.01");
    assertThat(Comparison.describe(ComparisonOperator.GREATER_OR_EQUAL, 0.995, 0.99, true)).isEqualTo("0.995 >= 0.99");
    assertThat(Comparison.describe(ComparisonOperator.EQUAL, 3, 0, false)).isEqualTo("3 != 0");
    assertThat(Comparison.format(1e-9)).isEqualTo("1.00000e-09");
  }
}
