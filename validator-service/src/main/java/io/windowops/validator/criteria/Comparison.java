package io.windowops.validator.criteria;

import io.windowops.events.ComparisonOperator;
import java.util.Locale;

/** Applies a {@link ComparisonOperator} to a value and a threshold, and says so in words. */
public final class Comparison {

  private Comparison() {}

  /**
   * Whether {@code value <op> threshold} holds. WITHIN_PERCENT is relative to a baseline and has
   * no meaning here.
   *
   * @throws IllegalArgumentException for WITHIN_PERCENT
   */
  public static boolean holds(ComparisonOperator op, double value, double threshold) {
    return switch (op) {
      case LESS_THAN -> value < threshold;
      case LESS_OR_EQUAL -> value <= threshold;
      case GREATER_THAN -> value > threshold;
      case GREATER_OR_EQUAL -> value >= threshold;
      case EQUAL -> value == threshold;
      case NOT_EQUAL -> value != threshold;
      case WITHIN_PERCENT ->
          throw new IllegalArgumentException(
              "comparator WITHIN_PERCENT needs a baseline; use it with a BASELINE criterion");
    };
  }

  /** The comparison as the audit shows it, e.g. {@code 0.031 <= 0.01} or {@code 0.031 > 0.01}. */
  public static String describe(ComparisonOperator op, double value, double threshold, boolean held) {
    return format(value) + " " + (held ? symbol(op) : negated(op)) + " " + format(threshold);
  }

  public static String symbol(ComparisonOperator op) {
    return switch (op) {
      case LESS_THAN -> "<";
      case LESS_OR_EQUAL -> "<=";
      case GREATER_THAN -> ">";
      case GREATER_OR_EQUAL -> ">=";
      case EQUAL -> "==";
      case NOT_EQUAL -> "!=";
      case WITHIN_PERCENT -> "within %";
    };
  }

  private static String negated(ComparisonOperator op) {
    return switch (op) {
      case LESS_THAN -> ">=";
      case LESS_OR_EQUAL -> ">";
      case GREATER_THAN -> "<=";
      case GREATER_OR_EQUAL -> "<";
      case EQUAL -> "!=";
      case NOT_EQUAL -> "==";
      case WITHIN_PERCENT -> "not within %";
    };
  }

  /** Up to 6 significant digits, without a trailing {@code .0} for integers. */
  public static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String s = String.format(Locale.ROOT, "%.6g", value);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
