package io.windowops.notifier.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import java.util.List;
import java.util.Set;

/**
 * Sends notices that match every non-empty condition to the named targets. An empty condition
 * matches everything, so {@code when: {environments: [development]}} covers all notices there.
 */
public record Route(
    Set<String> environments, Set<MaintenanceType> types, Set<NoticeKind> notices, List<String> targets) {

  public boolean matches(String environment, MaintenanceType type, NoticeKind notice) {
    return (environments.isEmpty() || environments.contains(environment))
        && (types.isEmpty() || types.contains(type))
        && (notices.isEmpty() || notices.contains(notice));
  }
}
