package io.windowops.scheduler.policy;

import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import io.windowops.scheduler.policy.WindowPolicy.EscalationLevel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code alerts} section of a policy: which alert opens which runbook, who is notified as an
 * incident of each severity stays open, and the window-level approvals an alert-triggered window
 * needs (none by default: its go/no-go gates hold each destructive step for an operator).
 */
record AlertPolicy(
    Map<String, AlertRunbook> runbooks,
    Map<Severity, List<EscalationLevel>> escalation,
    ApprovalRule approvals) {

  static final ApprovalRule NO_APPROVALS = new ApprovalRule(List.of(), 0, true);

  static AlertPolicy none() {
    return new AlertPolicy(Map.of(), new EnumMap<>(Severity.class), NO_APPROVALS);
  }

  AlertPolicy {
    runbooks = Map.copyOf(runbooks);
    escalation = Map.copyOf(escalation);
  }

  Optional<AlertRunbook> runbook(String alertname) {
    return Optional.ofNullable(alertname).map(runbooks::get);
  }

  List<EscalationLevel> levels(Severity severity) {
    return escalation.getOrDefault(severity, List.of());
  }
}
