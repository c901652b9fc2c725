package io.windowops.scheduler.policy;

import static io.windowops.scheduler.policy.ViolationCode.CONCURRENCY_LIMIT;
import static io.windowops.scheduler.policy.ViolationCode.CONFLICT;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The conflict rules between a plan and the other windows: no overlap on a shared service in the
 * same environment, and no more windows at once in an environment than it allows. The plan's own
 * earlier reservation (same window id, e.g. when rescheduling) never counts against it.
 */
final class Reservations {

  private Reservations() {}

  /** Other windows in the plan's environment overlapping {@code [start, end)}, by start. */
  static List<Reservation> overlapping(
      String windowId, String environment, Instant start, Instant end, List<Reservation> others) {
    return others.stream()
        .filter(r -> !Objects.equals(r.windowId(), windowId))
        .filter(r -> Objects.equals(r.environment(), environment))
        .filter(r -> r.start().isBefore(end) && r.end().isAfter(start))
        .sorted(Comparator.comparing(Reservation::start))
        .toList();
  }

  /** Overlapping windows that share a service with the plan. */
  static List<Reservation> conflicting(
      String windowId,
      String environment,
      List<String> services,
      Instant start,
      Instant end,
      List<Reservation> others) {
    return overlapping(windowId, environment, start, end, others).stream()
        .filter(r -> !shared(services, r).isEmpty())
        .toList();
  }

  static Stream<Violation> conflicts(WindowPlan plan, List<Reservation> others) {
    return conflicting(
            plan.windowId(), plan.environment(), plan.services(), plan.start(), plan.end(), others)
        .stream()
        .map(
            r ->
                CONFLICT.at(
                    RequestField.SERVICES,
                    "overlaps window "
                        + r.windowId()
                        + " ("
                        + r.start()
                        + " – "
                        + r.end()
                        + ") on "
                        + String.join(", ", shared(plan.services(), r))
                        + " in "
                        + plan.environment()));
  }

  /** The most other windows running at one instant within {@code [start, end)}. */
  static int peak(List<Reservation> overlapping, Instant start, Instant end) {
    record Edge(Instant at, int delta) {}
    List<Edge> edges = new ArrayList<>();
    for (Reservation r : overlapping) {
      edges.add(new Edge(r.start().isAfter(start) ? r.start() : start, 1));
      edges.add(new Edge(r.end().isBefore(end) ? r.end() : end, -1));
    }
    // An end and a start at the same instant do not overlap: count ends first.
    edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
    int running = 0;
    int peak = 0;
    for (Edge e : edges) {
      running += e.delta();
      peak = Math.max(peak, running);
    }
    return peak;
  }

  static Optional<Violation> overConcurrencyLimit(
      EnvironmentRule env, WindowPlan plan, List<Reservation> others) {
    if (env.maxConcurrentWindows().isEmpty()) {
      return Optional.empty();
    }
    int limit = env.maxConcurrentWindows().getAsInt();
    List<Reservation> overlapping =
        overlapping(plan.windowId(), env.name(), plan.start(), plan.end(), others);
    if (peak(overlapping, plan.start(), plan.end()) + 1 <= limit) {
      return Optional.empty();
    }
    return Optional.of(
        CONCURRENCY_LIMIT.at(
            RequestField.ENVIRONMENT,
            env.name()
                + " allows at most "
                + limit
                + " window(s) at once; already overlapping this one: "
                + String.join(", ", overlapping.stream().map(Reservation::windowId).toList())));
  }

  private static List<String> shared(List<String> services, Reservation r) {
    return services == null
        ? List.of()
        : services.stream().filter(s -> r.services().contains(s)).distinct().toList();
  }
}
