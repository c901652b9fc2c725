package io.windowops.bench;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a set of measurements in milliseconds (nearest-rank, as latency tools report them). */
public record Distribution(int count, double p50, double p99, double max, double mean) {

  public static Distribution of(Collection<Double> millis) {
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no measurements");
    }
    return new Distribution(
        sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted[sorted.length - 1],
        Arrays.stream(sorted).average().orElse(0));
  }

  /** Nearest rank: the smallest value with at least {@code p}% of the values at or below it. */
  static double percentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
