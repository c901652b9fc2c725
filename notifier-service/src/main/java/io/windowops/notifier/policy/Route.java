package io.windowops.notifier.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import java.util.List;
import java.util.Set;

/**
 * Sends notices that match every non-empty condition to the named targets. An empty condition
 * matches everything, so {@code when: {environments: [development]}} covers all notices there.
 * {@code severities} (P0..P3) match the severity of a window an alert opened (its {@code
 * alert.severity} label; other windows have none), {@code escalateTo} the level an ESCALATION
 * notice is for.
 */
public record Route(
    Set<String> environments,
    Set<MaintenanceType> types,
    Set<NoticeKind> notices,
    Set<String> severities,
    Set<String> escalateTo,
    List<String> targets) {

  /** The window label carrying an alert-triggered window's severity (set by the scheduler). */
  public static final String SEVERITY_LABEL = "alert.severity";

  public Route(Set<String> environments, Set<MaintenanceType> types, Set<NoticeKind> notices, List<String> targets) {
    this(environments, types, notices, Set.of(), Set.of(), targets);
  }

  public boolean matches(NoticeDue notice) {
    var summary = notice.getSummary();
    String severity = summary.getLabels().get(SEVERITY_LABEL);
    return (environments.isEmpty() || environments.contains(summary.getEnvironment()))
        && (types.isEmpty() || types.contains(summary.getMaintenanceType()))
        && (notices.isEmpty() || notices.contains(notice.getKind()))
        && (severities.isEmpty() || severity != null && severities.contains(severity))
        && (escalateTo.isEmpty() || notice.getEscalateTo() != null && escalateTo.contains(notice.getEscalateTo()));
  }
}
