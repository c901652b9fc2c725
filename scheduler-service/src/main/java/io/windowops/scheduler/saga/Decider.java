package io.windowops.scheduler.saga;

import io.windowops.events.WindowStateSnapshot;
import java.time.Instant;

/** The saga as the runtime calls it: pure, deterministic, no I/O. */
@FunctionalInterface
public interface Decider {
  Decision decide(WindowStateSnapshot state, SagaInput input, Instant now);
}
