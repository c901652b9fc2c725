package io.windowops.scheduler.policy;

import io.windowops.events.Violation;

/** The stable codes of policy violations; {@code name()} is the code clients match on. */
public enum ViolationCode {
  /** The environment is not declared in the policy. */
  UNKNOWN_ENVIRONMENT,
  /** The maintenance type is not declared in the policy (so it is not allowed). */
  UNKNOWN_MAINTENANCE_TYPE,
  /** No service named. */
  MISSING_SERVICES,
  /** The end is not after the start. */
  INVALID_RANGE,
  /** The start lies further in the past than the environment's late-start grace. */
  START_IN_PAST,
  /** Not wholly inside an allowed slot of the environment (for this type). */
  OUTSIDE_ALLOWED_SLOT,
  /** Overlaps a freeze period and the type may not override it. */
  IN_FREEZE,
  /** Overlaps another window on a shared service in the same environment. */
  CONFLICT,
  /** More windows would run at once in the environment than it allows. */
  CONCURRENCY_LIMIT,
  /** Longer than the type's maximum duration. */
  TOO_LONG,
  /** Less notice before the start than the type requires. */
  INSUFFICIENT_NOTICE;

  Violation at(String field, String message) {
    return new Violation(field, name(), message);
  }
}
