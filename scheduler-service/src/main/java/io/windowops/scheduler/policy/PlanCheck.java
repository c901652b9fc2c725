package io.windowops.scheduler.policy;

import static io.windowops.scheduler.policy.ViolationCode.*;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every reason a plan breaks the policy, all of them (a requester fixes everything in one go).
 * Checks that need what is missing are skipped: no slot check without a known environment, no
 * duration check when the end is not after the start.
 */
final class PlanCheck {

  private PlanCheck() {}

  static List<Violation> check(
      MaintenancePolicy policy, WindowPlan plan, List<Reservation> others, Instant now) {
    Objects.requireNonNull(plan.start(), "plan.start");
    Objects.requireNonNull(plan.end(), "plan.end");
    List<Violation> found = new ArrayList<>();
    Optional<EnvironmentRule> env = policy.environment(plan.environment());
    Optional<TypeRule> type = policy.type(plan.type());
    ZoneId zone = env.map(EnvironmentRule::zone).orElse(ZoneOffset.UTC);

    if (env.isEmpty()) {
      found.add(
          UNKNOWN_ENVIRONMENT.at(
              RequestField.ENVIRONMENT,
              "environment '"
                  + plan.environment()
                  + "' is not in the policy (known: "
                  + String.join(", ", new TreeSet<>(policy.environments()))
                  + ")"));
    }
    if (type.isEmpty()) {
      found.add(
          UNKNOWN_MAINTENANCE_TYPE.at(
              RequestField.TYPE,
              "maintenance type "
                  + (plan.type() == null ? "(none)" : PolicyText.typeName(plan.type()))
                  + " is not allowed by the policy"));
    }
    if (plan.services() == null || plan.services().isEmpty()) {
      found.add(MISSING_SERVICES.at(RequestField.SERVICES, "name at least one service"));
    }
    boolean validRange = plan.end().isAfter(plan.start());
    if (!validRange) {
      found.add(
          INVALID_RANGE.at(
              RequestField.END,
              "the end " + plan.end() + " is not after the start " + plan.start()));
    }
    Duration grace = policy.lateStartGrace(plan.environment());
    if (plan.start().isBefore(now.minus(grace))) {
      found.add(
          START_IN_PAST.at(
              RequestField.START,
              "the start "
                  + PolicyText.at(plan.start(), zone)
                  + " lies more than the late-start grace of "
                  + DurationText.format(grace)
                  + " in the past"));
    }
    type.ifPresent(t -> checkType(t, plan, now, zone, validRange, found));
    if (env.isPresent() && validRange) {
      boolean bypassSlots = type.map(TypeRule::bypassSlots).orElse(false);
      if (!bypassSlots) {
        checkSlots(env.get(), plan, found);
      }
      boolean overridesFreeze = type.flatMap(TypeRule::freezeOverride).isPresent();
      if (!overridesFreeze) {
        for (FreezePeriod freeze : policy.freezesOverlapping(plan)) {
          found.add(
              IN_FREEZE.at(
                  RequestField.START,
                  "the window overlaps the freeze "
                      + freeze.describe()
                      + "; only an emergency may run in a freeze"));
        }
      }
      Reservations.conflicts(plan, others).forEach(found::add);
      Reservations.overConcurrencyLimit(env.get(), plan, others).ifPresent(found::add);
    }
    return List.copyOf(found);
  }

  private static void checkType(
      TypeRule type,
      WindowPlan plan,
      Instant now,
      ZoneId zone,
      boolean validRange,
      List<Violation> found) {
    String typeName = PolicyText.typeName(type.type());
    String aType = PolicyText.article(typeName) + " " + typeName;
    Duration length = Duration.between(plan.start(), plan.end());
    if (validRange
        && type.maxDuration().isPresent()
        && length.compareTo(type.maxDuration().get()) > 0) {
      found.add(
          TOO_LONG.at(
              RequestField.END,
              "the window lasts "
                  + DurationText.format(length)
                  + ", longer than the "
                  + DurationText.format(type.maxDuration().get())
                  + " "
                  + aType
                  + " may last"));
    }
    Duration notice = Duration.between(now, plan.start());
    Duration required = type.requiredNotice();
    // Without a required lead time a past start is START_IN_PAST's concern, within the grace.
    if (!required.isZero() && notice.compareTo(required) < 0) {
      found.add(
          INSUFFICIENT_NOTICE.at(
              RequestField.START,
              aType
                  + " needs "
                  + DurationText.format(required)
                  + " notice but the start is "
                  + (notice.isNegative() ? "already past" : DurationText.format(notice) + " away")
                  + "; the earliest start with enough notice is "
                  + PolicyText.at(now.plus(required), zone)));
    }
  }

  private static void checkSlots(EnvironmentRule env, WindowPlan plan, List<Violation> found) {
    List<Opening> openings =
        SlotCalendar.openings(env, plan.type(), false, plan.start(), plan.end());
    Optional<Opening> atStart = openings.stream().filter(o -> o.contains(plan.start())).findFirst();
    if (atStart.isEmpty()) {
      List<String> slots =
          env.slots().stream()
              .filter(s -> s.allows(plan.type()))
              .map(s -> s.describe(env.zone()))
              .toList();
      found.add(
          OUTSIDE_ALLOWED_SLOT.at(
              RequestField.START,
              "the start "
                  + PolicyText.at(plan.start(), env.zone())
                  + " is outside the allowed slots of "
                  + env.name()
                  + (slots.isEmpty()
                      ? ": it has no slot for this maintenance type"
                      : ": " + String.join(", ", slots))));
    } else if (!atStart.get().covers(plan.start(), plan.end())) {
      found.add(
          OUTSIDE_ALLOWED_SLOT.at(
              RequestField.END,
              "the end "
                  + PolicyText.at(plan.end(), env.zone())
                  + " is after the slot "
                  + atStart.get().label()
                  + " closes at "
                  + PolicyText.at(atStart.get().end(), env.zone())));
    }
  }
}
