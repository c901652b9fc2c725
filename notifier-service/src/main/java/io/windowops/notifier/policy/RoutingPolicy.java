package io.windowops.notifier.policy;

import io.windowops.events.NoticeDue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which targets each notice goes to: the targets of every matching route, plus the targets of
 * each audience the window names (an audience may be limited to some notice kinds, e.g. customers
 * hear no PROGRESS), each target once, in policy order.
 */
public record RoutingPolicy(
    Map<String, Target> targets, List<Route> routes, Map<String, Route> audiences, Optional<SmtpSettings> smtp) {

  /** Only the built-in status page: what local mode uses when no policy file is given. */
  public static RoutingPolicy statusPageOnly() {
    Target page = new Target.StatusPage("status-page");
    return new RoutingPolicy(
        Map.of(page.name(), page),
        List.of(new Route(java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), List.of(page.name()))),
        Map.of(),
        Optional.empty());
  }

  public List<Target> targetsFor(NoticeDue notice) {
    Map<String, Target> chosen = new LinkedHashMap<>();
    var summary = notice.getSummary();
    for (Route route : routes) {
      if (route.matches(notice)) {
        route.targets().forEach(name -> chosen.putIfAbsent(name, targets.get(name)));
      }
    }
    for (String audience : summary.getAudiences()) {
      Route route = audiences.get(audience);
      if (route != null && route.matches(notice)) {
        route.targets().forEach(name -> chosen.putIfAbsent(name, targets.get(name)));
      }
    }
    return List.copyOf(chosen.values());
  }
}
