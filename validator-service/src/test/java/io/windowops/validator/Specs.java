package io.windowops.validator;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Measurement;
import io.windowops.events.Verdict;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builders for criteria and measurements in tests. */
public final class Specs {

  private Specs() {}

  public static CriterionSpec.Builder criterion(String id, CriterionKind kind, ComparisonOperator op, double threshold) {
    return CriterionSpec.newBuilder()
        .setCriterionId(id)
        .setKind(kind)
        .setQuery(kind == CriterionKind.HTTP ? null : "up")
        .setComparator(op)
        .setThreshold(threshold)
        .setIntervalSeconds(0)
        .setCount(1)
        .setParams(new HashMap<>());
  }

  public static CriterionSpec withParams(CriterionSpec.Builder b, String... keyValues) {
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return b.setParams(params).build();
  }

  public static Measurement measurement(String criterionId, int index, Verdict verdict, Double value) {
    return Measurement.newBuilder()
        .setCriterionId(criterionId)
        .setIndex(index)
        .setValue(value)
        .setObservedAt(Instant.ofEpochMilli(1_700_000_000_000L + index))
        .setVerdict(verdict)
        .build();
  }
}
