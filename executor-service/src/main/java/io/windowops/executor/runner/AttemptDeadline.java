package io.windowops.executor.runner;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt's deadline, counted from its acceptance (its STARTED entry), not from when a slot
 * frees: time held by the global freeze or queued for its service is part of its timeout, so a
 * held attempt cannot run long after the scheduler gave up on it. Confined to the runner's context.
 */
final class AttemptDeadline {

  private final Instant acceptedAt;
  private final Duration timeout;
  private boolean expired;

  AttemptDeadline(Instant acceptedAt, Duration timeout) {
    this.acceptedAt = acceptedAt;
    this.timeout = timeout;
  }

  Duration timeout() {
    return timeout;
  }

  /** What is left of the timeout at {@code now}; zero or negative once the deadline passed. */
  Duration left(Instant now) {
    return Duration.between(now, acceptedAt.plus(timeout));
  }

  boolean passed(Instant now) {
    Duration left = left(now);
    return left.isNegative() || left.isZero();
  }

  /** Marks the attempt as withdrawn for its deadline (its outcome is then TIMED_OUT). */
  void expire() {
    expired = true;
  }

  /** An attempt that did not wait that long after all (started, or ended otherwise). */
  void unexpire() {
    expired = false;
  }

  boolean expired() {
    return expired;
  }

  /** The error of an attempt that never started because its deadline passed first. */
  String notStarted() {
    return "not started: its deadline (accepted at " + acceptedAt + ", timeout " + timeout
        + ") passed while it waited (held by the global freeze or queued for its service), so it never ran";
  }
}
