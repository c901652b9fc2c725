package io.windowops.scheduler.policy;

import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a recurring window into concrete plans: each matching local date at the local start time
 * (DST per {@link WallClock}), window id {@code <id>-<yyyy-MM-dd>} so expanding twice yields the
 * same ids and the saga's idempotency turns a repeat into a no-op.
 */
final class RecurringExpander {

  /** Every day rule matches at least once a month; this bounds a loop over a bad input. */
  private static final int MAX_DAYS = 3 * 366;

  private RecurringExpander() {}

  static List<WindowPlan> expand(RecurringWindow w, Instant from, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<WindowPlan> plans = new ArrayList<>();
    LocalDate date = from.atZone(w.zone()).toLocalDate().minusDays(1);
    for (int i = 0; i < MAX_DAYS * Math.max(1, count) && plans.size() < count; i++) {
      if (w.days().matches(date)) {
        Instant start = WallClock.resolve(date.atTime(w.at()), w.zone());
        if (!start.isBefore(from)) {
          plans.add(
              new WindowPlan(
                  w.id() + "-" + date,
                  w.environment(),
                  w.services(),
                  w.type(),
                  start,
                  start.plus(w.duration()),
                  w.requester()));
        }
      }
      date = date.plusDays(1);
    }
    return List.copyOf(plans);
  }
}
