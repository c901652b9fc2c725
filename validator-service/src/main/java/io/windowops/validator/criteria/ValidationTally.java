package io.windowops.validator.criteria;

import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole validation judged from its measurements (pure). It is finished when every criterion is
 * decided, or as soon as one criterion failed: the verdict is FAILED then, whatever the others
 * would say, and the window should not wait for them to roll back. The verdict is FAILED if any
 * criterion failed, else INCONCLUSIVE if any was inconclusive, else PASSED.
 */
public final class ValidationTally {

  private final ValidateWindow command;
  private final Map<String, CriterionTally> byCriterion = new LinkedHashMap<>();

  private ValidationTally(ValidateWindow command, List<Measurement> measurements) {
    this.command = command;
    for (CriterionSpec spec : command.getCriteria()) {
      List<Measurement> own =
          measurements.stream().filter(m -> m.getCriterionId().equals(spec.getCriterionId())).toList();
      byCriterion.put(spec.getCriterionId(), CriterionTally.of(spec, own));
    }
  }

  public static ValidationTally of(ValidateWindow command, List<Measurement> measurements) {
    return new ValidationTally(command, measurements);
  }

  public CriterionTally criterion(String criterionId) {
    return byCriterion.get(criterionId);
  }

  public boolean finished() {
    return byCriterion.values().stream().allMatch(CriterionTally::decided)
        || byCriterion.values().stream().anyMatch(t -> t.verdict() == Verdict.FAILED);
  }

  public Verdict verdict() {
    if (byCriterion.values().stream().anyMatch(t -> t.verdict() == Verdict.FAILED)) {
      return Verdict.FAILED;
    }
    if (byCriterion.values().stream().anyMatch(t -> t.verdict() == Verdict.INCONCLUSIVE)) {
      return Verdict.INCONCLUSIVE;
    }
    return Verdict.PASSED;
  }

  /** The outcome to publish once {@link #finished()}. */
  public ValidationOutcome outcome(List<Measurement> measurements, Instant startedAt) {
    List<String> failed = new ArrayList<>();
    List<String> inconclusive = new ArrayList<>();
    byCriterion.forEach(
        (id, t) -> {
          if (t.verdict() == Verdict.FAILED) {
            failed.add(id);
          } else if (t.verdict() == Verdict.INCONCLUSIVE) {
            inconclusive.add(id);
          }
        });
    return ValidationOutcome.newBuilder()
        .setValidationId(command.getValidationId())
        .setPhase(command.getPhase())
        .setVerdict(verdict())
        .setMeasurements(List.copyOf(measurements))
        .setFailedCriteria(failed)
        .setInconclusiveCriteria(inconclusive)
        .setBaseline(baseline(measurements))
        .setStartedAt(startedAt)
        .build();
  }

  /** In the BASELINE phase: per BASELINE criterion, the mean of its captured values. */
  private Map<String, Double> baseline(List<Measurement> measurements) {
    Map<String, Double> captured = new LinkedHashMap<>();
    if (command.getPhase() != ValidationPhase.BASELINE) {
      return captured;
    }
    for (CriterionSpec spec : command.getCriteria()) {
      if (spec.getKind() != CriterionKind.BASELINE) {
        continue;
      }
      measurements.stream()
          .filter(m -> m.getCriterionId().equals(spec.getCriterionId()))
          .filter(m -> m.getVerdict() == Verdict.PASSED && m.getValue() != null)
          .mapToDouble(Measurement::getValue)
          .average()
          .ifPresent(mean -> captured.put(spec.getCriterionId(), mean));
    }
    return captured;
  }
}
