package io.windowops.validator.criteria;

import io.windowops.events.CriterionSpec;
import io.windowops.events.Measurement;
import io.windowops.events.Verdict;
import java.util.List;

/**
 * The limits of one criterion applied to its measurements so far (pure). After each measurement,
 * in order: {@code consecutiveFailureLimit} consecutive failures fail it (0 disables the rule; only
 * a passed measurement ends a streak), more than {@code failureLimit} failures in total fail it,
 * more than {@code inconclusiveLimit} inconclusive measurements make it inconclusive. The first
 * limit reached decides and no further measurement is taken. After {@code count} measurements with
 * no limit reached it passes, provided at least one measurement passed; otherwise it is
 * inconclusive (nothing could be measured) or failed.
 *
 * @param verdict null while more measurements are due
 * @param taken the number of measurements considered
 * @param reason why it was decided, null while running
 */
public record CriterionTally(Verdict verdict, int taken, String reason) {

  public boolean decided() {
    return verdict != null;
  }

  /** The number of measurements the criterion takes (at least one). */
  public static int count(CriterionSpec spec) {
    return Math.max(1, spec.getCount());
  }

  public static CriterionTally of(CriterionSpec spec, List<Measurement> measurements) {
    int count = count(spec);
    int passed = 0;
    int failed = 0;
    int inconclusive = 0;
    int streak = 0;
    int taken = 0;
    for (Measurement m : measurements) {
      taken++;
      switch (m.getVerdict()) {
        case PASSED -> {
          passed++;
          streak = 0;
        }
        case FAILED -> {
          failed++;
          streak++;
        }
        case INCONCLUSIVE -> inconclusive++;
      }
      if (spec.getConsecutiveFailureLimit() > 0 && streak >= spec.getConsecutiveFailureLimit()) {
        return new CriterionTally(
            Verdict.FAILED,
            taken,
            streak + " consecutive failed measurements reached consecutiveFailureLimit "
                + spec.getConsecutiveFailureLimit());
      }
      if (failed > Math.max(0, spec.getFailureLimit())) {
        return new CriterionTally(Verdict.FAILED, taken,
            failed + " failed measurements exceed failureLimit " + Math.max(0, spec.getFailureLimit()));
      }
      if (inconclusive > Math.max(0, spec.getInconclusiveLimit())) {
        return new CriterionTally(
            Verdict.INCONCLUSIVE,
            taken,
            inconclusive + " inconclusive measurements exceed inconclusiveLimit "
                + Math.max(0, spec.getInconclusiveLimit()));
      }
      if (taken >= count) {
        break;
      }
    }
    if (taken < count) {
      return new CriterionTally(null, taken, null);
    }
    if (passed > 0) {
      return new CriterionTally(Verdict.PASSED, taken, passed + " of " + taken + " measurements passed");
    }
    return inconclusive > 0
        ? new CriterionTally(Verdict.INCONCLUSIVE, taken, "no measurement passed; " + inconclusive + " inconclusive")
        : new CriterionTally(Verdict.FAILED, taken, "no measurement passed");
  }
}
