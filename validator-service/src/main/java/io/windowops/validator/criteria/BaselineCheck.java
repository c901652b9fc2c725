package io.windowops.validator.criteria;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionSpec;
import io.windowops.events.ValidationPhase;
import java.util.Set;

/**
 * Judges a BASELINE criterion's value. In the BASELINE phase the value is captured (the phase's
 * baseline is the mean of the captured values). In the other phases it is compared with the
 * captured baseline:
 *
 * <ul>
 *   <li>WITHIN_PERCENT: the value lies within {@code threshold} percent of the baseline, in the
 *       direction {@code params.direction}: {@code up} (may not rise more, e.g. p99 latency within
 *       +10%), {@code down} (may not fall more), {@code both} (default);
 *   <li>any other comparator: the change {@code value - baseline} is compared with the threshold,
 *       e.g. success rate not lower by more than 0.1 points is {@code GREATER_OR_EQUAL -0.1}.
 * </ul>
 */
public final class BaselineCheck {

  private static final Set<String> DIRECTIONS = Set.of("up", "down", "both");

  private BaselineCheck() {}

  public static Reading evaluate(double value, Double baseline, CriterionSpec spec, ValidationPhase phase) {
    if (phase == ValidationPhase.BASELINE) {
      return Reading.passed(value, "captured " + Comparison.format(value));
    }
    if (baseline == null || baseline.isNaN()) {
      return Reading.inconclusive(
          "no baseline value for criterion " + spec.getCriterionId() + "; capture it in a BASELINE phase first");
    }
    double b = baseline;
    if (spec.getComparator() == ComparisonOperator.WITHIN_PERCENT) {
      String direction = new CriterionParams(spec).oneOf("direction", "both", DIRECTIONS);
      double allowed = Math.abs(b) * spec.getThreshold() / 100.0;
      boolean held =
          switch (direction) {
            case "up" -> value <= b + allowed;
            case "down" -> value >= b - allowed;
            default -> Math.abs(value - b) <= allowed;
          };
      String change = b == 0 ? "" : " (" + signed((value - b) / Math.abs(b) * 100) + "%)";
      String bound = direction.equals("up") ? "+" : direction.equals("down") ? "-" : "±";
      return Reading.judged(held, value,
          Comparison.format(value) + change + " vs baseline " + Comparison.format(b) + ", allowed "
              + bound + Comparison.format(spec.getThreshold()) + "%");
    }
    double delta = value - b;
    boolean held = Comparison.holds(spec.getComparator(), delta, spec.getThreshold());
    return Reading.judged(held, value,
        Comparison.format(value) + " vs baseline " + Comparison.format(b) + ": change "
            + Comparison.describe(spec.getComparator(), delta, spec.getThreshold(), held));
  }

  private static String signed(double v) {
    return (v >= 0 ? "+" : "") + Comparison.format(v);
  }
}
