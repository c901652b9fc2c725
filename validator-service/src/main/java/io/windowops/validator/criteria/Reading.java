package io.windowops.validator.criteria;

import io.windowops.events.Verdict;
import java.util.Objects;

/**
 * What one measurement found: its verdict, the value it is based on (null when nothing could be
 * measured) and a short explanation for the audit trail.
 */
public record Reading(Verdict verdict, Double value, String detail) {

  public Reading {
    Objects.requireNonNull(verdict, "verdict");
  }

  public static Reading passed(double value, String detail) {
    return new Reading(Verdict.PASSED, value, detail);
  }

  public static Reading failed(Double value, String detail) {
    return new Reading(Verdict.FAILED, value, detail);
  }

  /** No data, an unreachable source or an unusable answer: not a failure of the system checked. */
  public static Reading inconclusive(String detail) {
    return new Reading(Verdict.INCONCLUSIVE, null, detail);
  }

  /** PASSED or FAILED depending on {@code passes}. */
  public static Reading judged(boolean passes, double value, String detail) {
    return passes ? passed(value, detail) : failed(value, detail);
  }
}
