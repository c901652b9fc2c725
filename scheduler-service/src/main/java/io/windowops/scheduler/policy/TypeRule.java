package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a maintenance type demands: a maximum duration (none: bounded by the slot only), notices
 * ({@code leadTimes} before the start, longest first; {@code immediate} = as soon as scheduled; at
 * start; at completion), approvals, and, for the emergency type only, the stricter approvals under
 * which it may override a freeze. {@code bypassSlots} lets it run outside allowed slots. While open, a window announces its
 * progress every {@code progressInterval}.
 */
record TypeRule(
    MaintenanceType type,
    Optional<Duration> maxDuration,
    List<Duration> leadTimes,
    boolean immediateNotice,
    boolean noticeAtStart,
    boolean noticeAtCompletion,
    ApprovalRule approvals,
    Optional<ApprovalRule> freezeOverride,
    boolean bypassSlots,
    Duration stepCutoff,
    Duration progressInterval) {

  TypeRule {
    leadTimes = leadTimes.stream().sorted(Comparator.reverseOrder()).toList();
  }

  /** The notice lead time a request must leave before its start. */
  Duration requiredNotice() {
    return leadTimes.isEmpty() ? Duration.ZERO : leadTimes.get(0);
  }
}
