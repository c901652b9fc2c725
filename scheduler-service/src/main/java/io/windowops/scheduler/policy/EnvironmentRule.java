package io.windowops.scheduler.policy;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;

/**
 * One environment of the policy: its zone (slots are wall-clock times there), its allowed slots (or
 * {@code anyTime}), at most how many windows may run in it at once, and how late a window may still
 * open after its start passed unattended.
 */
record EnvironmentRule(
    String name,
    ZoneId zone,
    boolean anyTime,
    List<SlotRule> slots,
    OptionalInt maxConcurrentWindows,
    Duration lateStartGrace) {

  EnvironmentRule {
    slots = List.copyOf(slots);
  }
}
