package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Finds the earliest start at which {@link PlanCheck} would accept a window: inside an opening,
 * with enough notice, past every freeze (unless the type overrides freezes), every conflicting
 * window and the concurrency limit. Each obstacle moves the candidate to the instant it ends, so
 * the search jumps rather than steps.
 */
final class SlotSearch {

  static final Duration HORIZON = Duration.ofDays(366);
  private static final Duration BATCH = Duration.ofDays(8);

  private SlotSearch() {}

  static Optional<Instant> nextAllowedStart(
      MaintenancePolicy policy,
      String environment,
      List<String> services,
      MaintenanceType type,
      Duration duration,
      Instant earliest,
      Instant now,
      List<Reservation> others) {
    Optional<EnvironmentRule> envRule = policy.environment(environment);
    Optional<TypeRule> typeRule = policy.type(type);
    if (envRule.isEmpty()
        || typeRule.isEmpty()
        || duration.isNegative()
        || duration.isZero()
        || typeRule.get().maxDuration().filter(max -> duration.compareTo(max) > 0).isPresent()) {
      return Optional.empty();
    }
    EnvironmentRule env = envRule.get();
    TypeRule rule = typeRule.get();
    Instant withNotice = now.plus(rule.requiredNotice());
    Instant t = earliest.isAfter(withNotice) ? earliest : withNotice;
    Instant limit = t.plus(HORIZON);
    while (!t.isAfter(limit)) {
      Optional<Instant> fit = firstFit(env, rule, duration, t, limit);
      if (fit.isEmpty()) {
        return Optional.empty();
      }
      Instant start = fit.get();
      Instant end = start.plus(duration);
      Optional<Instant> blockedUntil =
          blockedUntil(policy, env, rule, services, start, end, others);
      if (blockedUntil.isEmpty()) {
        return Optional.of(start);
      }
      t = blockedUntil.get();
    }
    return Optional.empty();
  }

  /** The earliest start at or after {@code t} whose window lies inside one opening. */
  private static Optional<Instant> firstFit(
      EnvironmentRule env, TypeRule rule, Duration duration, Instant t, Instant limit) {
    while (!t.isAfter(limit)) {
      Instant batchEnd = t.plus(duration).plus(BATCH);
      List<Opening> openings =
          SlotCalendar.openings(env, rule.type(), rule.bypassSlots(), t, batchEnd);
      for (Opening o : openings) {
        Instant start = o.start().isAfter(t) ? o.start() : t;
        if (o.end().isAfter(start) && !start.plus(duration).isAfter(o.end())) {
          return start.isAfter(limit) ? Optional.empty() : Optional.of(start);
        }
      }
      // The last opening may go on past the batch (merged slots): resume from its start.
      Opening last = openings.isEmpty() ? null : openings.get(openings.size() - 1);
      t =
          last != null && !last.end().isBefore(batchEnd) && last.start().isAfter(t)
              ? last.start()
              : batchEnd;
    }
    return Optional.empty();
  }

  /** When the obstacle to {@code [start, end)} clears, or empty if there is none. */
  private static Optional<Instant> blockedUntil(
      MaintenancePolicy policy,
      EnvironmentRule env,
      TypeRule rule,
      List<String> services,
      Instant start,
      Instant end,
      List<Reservation> others) {
    Instant until = null;
    if (rule.freezeOverride().isEmpty()) {
      for (FreezePeriod f : policy.freezesOverlapping(env.name(), start, end)) {
        until = later(until, f.end());
      }
    }
    for (Reservation r : Reservations.conflicting(null, env.name(), services, start, end, others)) {
      until = later(until, r.end());
    }
    if (until == null && env.maxConcurrentWindows().isPresent()) {
      List<Reservation> overlapping =
          Reservations.overlapping(null, env.name(), start, end, others);
      if (Reservations.peak(overlapping, start, end) + 1 > env.maxConcurrentWindows().getAsInt()) {
        // Retry once the first of them ends: the count can only drop there.
        until = overlapping.stream().map(Reservation::end).min(Instant::compareTo).orElseThrow();
      }
    }
    return Optional.ofNullable(until);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
