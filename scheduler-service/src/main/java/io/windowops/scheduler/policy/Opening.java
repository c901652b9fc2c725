package io.windowops.scheduler.policy;

import java.time.Instant;

/**
 * A concrete stretch of time in which an environment may be touched: one slot occurrence, or
 * several adjacent/overlapping ones merged ({@code label} names them all). An environment open at
 * any time has one opening from {@link Instant#MIN} to {@link Instant#MAX}.
 */
record Opening(String label, Instant start, Instant end) {

  boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  boolean covers(Instant from, Instant to) {
    return !from.isBefore(start) && !to.isAfter(end);
  }
}
