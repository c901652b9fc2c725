package io.windowops.replay;

import io.windowops.events.MaintenanceType;
import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A policy as it would be with its conflict rules lost: every rule of the wrapped policy, but a
 * plan is checked against no other window's reservation (no service conflict, no concurrency
 * limit). A changed admission rule for the replay to find.
 */
final class ConflictBlindPolicy implements WindowPolicy {

  private final WindowPolicy policy;

  ConflictBlindPolicy(WindowPolicy policy) {
    this.policy = policy;
  }

  @Override
  public List<Violation> check(WindowPlan plan, List<Reservation> others, Instant now) {
    return policy.check(plan, List.of(), now);
  }

  @Override
  public Optional<Instant> nextAllowedStart(String environment, List<String> services, MaintenanceType type,
      Duration duration, Instant earliest, Instant now, List<Reservation> others) {
    return policy.nextAllowedStart(environment, services, type, duration, earliest, now, List.of());
  }

  @Override
  public List<NoticeRequirement> notices(MaintenanceType type) {
    return policy.notices(type);
  }

  @Override
  public ApprovalRule approvals(MaintenanceType type, boolean overridesFreeze) {
    return policy.approvals(type, overridesFreeze);
  }

  @Override
  public boolean inFreeze(WindowPlan plan) {
    return policy.inFreeze(plan);
  }

  @Override
  public Duration lateStartGrace(String environment) {
    return policy.lateStartGrace(environment);
  }

  @Override
  public Duration stepCutoff(MaintenanceType type) {
    return policy.stepCutoff(type);
  }

  @Override
  public Duration progressInterval(MaintenanceType type) {
    return policy.progressInterval(type);
  }

  @Override
  public List<EscalationLevel> escalation(String severity) {
    return policy.escalation(severity);
  }

  @Override
  public ApprovalRule alertApprovals() {
    return policy.alertApprovals();
  }
}
