package io.windowops.audit;

import java.time.Instant;

/** A half-open period [since, until) of event times; a null bound is open. */
public record Range(Instant since, Instant until) {

  public static final Range ALL = new Range(null, null);

  public Range {
    if (since != null && until != null && !until.isAfter(since)) {
      throw new IllegalArgumentException("--until must be after --since");
    }
  }

  public boolean contains(Instant at) {
    return (since == null || !at.isBefore(since)) && (until == null || at.isBefore(until));
  }

  /** Whether an event at this time happened before the end of the range. */
  public boolean notAfter(Instant at) {
    return until == null || at.isBefore(until);
  }

  @Override
  public String toString() {
    return (since == null ? "the beginning" : since.toString()) + " to " + (until == null ? "now" : until.toString());
  }
}
