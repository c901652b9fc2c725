package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.measurement;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A validation's verdict")
class ValidationTallyTest {

  private static ValidateWindow command(ValidationPhase phase) {
    return ValidateWindow.newBuilder()
        .setValidationId("post-1")
        .setPhase(phase)
        .setCriteria(List.of(
            criterion("rate", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99).setCount(2).build(),
            criterion("p99", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 10).setCount(2).build()))
        .setBaseline(Map.of())
        .build();
  }

  @Test
  @DisplayName("waits for every criterion, then passes when all passed")
  void passes() {
    ValidateWindow cmd = command(ValidationPhase.POST);
    List<Measurement> partial = List.of(measurement("rate", 1, Verdict.PASSED, 1.0), measurement("p99", 1, Verdict.PASSED, 0.2));
    List<Measurement> all = List.of(partial.get(0), partial.get(1),
        measurement("rate", 2, Verdict.PASSED, 1.0), measurement("p99", 2, Verdict.PASSED, 0.2));

    assertThat(ValidationTally.of(cmd, partial).finished()).isFalse();
    ValidationTally done = ValidationTally.of(cmd, all);
    assertThat(done.finished()).isTrue();
    ValidationOutcome outcome = done.outcome(all, Instant.ofEpochMilli(1000));
    assertThat(outcome.getVerdict()).isEqualTo(Verdict.PASSED);
    assertThat(outcome.getMeasurements()).isEqualTo(all);
    assertThat(outcome.getFailedCriteria()).isEmpty();
    assertThat(outcome.getBaseline()).as("only the BASELINE phase captures").isEmpty();
  }

  @Test
  @DisplayName("finishes FAILED as soon as one criterion failed, without waiting for the others")
  void failsEarly() {
    ValidateWindow cmd = command(ValidationPhase.POST);
    List<Measurement> ms = List.of(measurement("rate", 1, Verdict.FAILED, 0.5));

    ValidationTally t = ValidationTally.of(cmd, ms);
    assertThat(t.finished()).isTrue();
    ValidationOutcome outcome = t.outcome(ms, Instant.ofEpochMilli(1000));
    assertThat(outcome.getVerdict()).isEqualTo(Verdict.FAILED);
    assertThat(outcome.getFailedCriteria()).containsExactly("rate");
  }

  @Test
  @DisplayName("is INCONCLUSIVE when a criterion is inconclusive and none failed")
  void inconclusive() {
    ValidateWindow cmd = command(ValidationPhase.POST);
    List<Measurement> ms = List.of(
        measurement("rate", 1, Verdict.INCONCLUSIVE, null),
        measurement("p99", 1, Verdict.PASSED, 0.2), measurement("p99", 2, Verdict.PASSED, 0.2));

    ValidationOutcome outcome = ValidationTally.of(cmd, ms).outcome(ms, Instant.ofEpochMilli(1000));
    assertThat(outcome.getVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(outcome.getInconclusiveCriteria()).containsExactly("rate");
  }

  @Test
  @DisplayName("captures the mean of a BASELINE criterion's values in the BASELINE phase")
  void capturesBaseline() {
    ValidateWindow cmd = command(ValidationPhase.BASELINE);
    List<Measurement> ms = List.of(
        measurement("rate", 1, Verdict.PASSED, 1.0), measurement("rate", 2, Verdict.PASSED, 1.0),
        measurement("p99", 1, Verdict.PASSED, 0.2), measurement("p99", 2, Verdict.PASSED, 0.3));

    ValidationOutcome outcome = ValidationTally.of(cmd, ms).outcome(ms, Instant.ofEpochMilli(1000));
    assertThat(outcome.getBaseline()).containsOnlyKeys("p99");
    assertThat(outcome.getBaseline().get("p99")).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  @DisplayName("passes at once with no criteria")
  void noCriteria() {
    ValidateWindow empty = ValidateWindow.newBuilder().setValidationId("v").setPhase(ValidationPhase.PREFLIGHT).build();

    assertThat(ValidationTally.of(empty, List.of()).finished()).isTrue();
    assertThat(ValidationTally.of(empty, List.of()).verdict()).isEqualTo(Verdict.PASSED);
  }
}
