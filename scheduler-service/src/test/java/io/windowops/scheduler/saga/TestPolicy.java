package io.windowops.scheduler.saga;

import io.windowops.events.MaintenanceType;
import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small, explicit policy for the saga's tests. Environments: {@code production} allows
 * 02:00–06:00 UTC every day, {@code development} any time. Freeze 2026-12-15 – 2027-01-02 (only
 * EMERGENCY overrides it, with three approvals). Types: ZERO_DOWNTIME (no approval, notice
 * {@code initial} 24 h before), PLANNED_OUTAGE (≤ 2 h; one VP, four-eyes; notices 7 d, 24 h,
 * start, completion), EMERGENCY (no lead time; two of sre-lead/cto; immediate notice, start,
 * completion). Late-start grace 15 min, step cutoff 10 min. Escalation: see {@link #escalation}.
 */
class TestPolicy implements WindowPolicy {

  static final Instant FREEZE_START = Instant.parse("2026-12-15T00:00:00Z");
  static final Instant FREEZE_END = Instant.parse("2027-01-02T00:00:00Z");
  static final Duration GRACE = Duration.ofMinutes(15);
  static final Duration CUTOFF = Duration.ofMinutes(10);
  static final Duration IMMEDIATE = Duration.ofDays(3653);

  @Override
  public List<Violation> check(WindowPlan plan, List<Reservation> others, Instant now) {
    List<Violation> found = new ArrayList<>();
    if (plan.environment().equals("production") && !inSlot(plan.start(), plan.end())) {
      found.add(new Violation("requestedStart", "OUTSIDE_ALLOWED_SLOT", "production allows 02:00–06:00 UTC"));
    }
    if (inFreeze(plan) && plan.type() != MaintenanceType.EMERGENCY) {
      found.add(new Violation("requestedStart", "IN_FREEZE", "inside the December freeze"));
    }
    if (Duration.between(plan.start(), plan.end()).compareTo(maxDuration(plan.type())) > 0) {
      found.add(new Violation("requestedEnd", "TOO_LONG", "longer than " + maxDuration(plan.type())));
    }
    if (Duration.between(now, plan.start()).compareTo(lead(plan.type())) < 0) {
      found.add(new Violation("requestedStart", "INSUFFICIENT_NOTICE", "needs " + lead(plan.type()) + " notice"));
    }
    for (Reservation o : others) {
      boolean shared = o.services().stream().anyMatch(plan.services()::contains);
      if (o.environment().equals(plan.environment()) && shared
          && o.start().isBefore(plan.end()) && plan.start().isBefore(o.end())) {
        found.add(new Violation("requestedStart", "CONFLICT", "overlaps " + o.windowId()));
      }
    }
    return found;
  }

  @Override
  public Optional<Instant> nextAllowedStart(String environment, List<String> services, MaintenanceType type,
      Duration duration, Instant earliest, Instant now, List<Reservation> others) {
    if (environment.equals("development")) {
      return Optional.of(earliest); // any time
    }
    LocalDate day = LocalDate.ofInstant(earliest, ZoneOffset.UTC);
    for (int i = 0; i < 366; i++, day = day.plusDays(1)) {
      Instant start = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
      WindowPlan plan = new WindowPlan("?", environment, services, type, start, start.plus(duration), "?");
      if (!start.isBefore(earliest) && check(plan, others, now).isEmpty()) {
        return Optional.of(start);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<NoticeRequirement> notices(MaintenanceType type) {
    return switch (type) {
      case ZERO_DOWNTIME -> List.of(new NoticeRequirement("initial", Duration.ofHours(24), false));
      case EMERGENCY -> List.of(
          new NoticeRequirement("initial", IMMEDIATE, false),
          new NoticeRequirement("start", Duration.ZERO, false),
          new NoticeRequirement("completion", Duration.ZERO, true));
      default -> List.of(
          new NoticeRequirement("initial", Duration.ofDays(7), false),
          new NoticeRequirement("reminder-PT24H", Duration.ofHours(24), false),
          new NoticeRequirement("start", Duration.ZERO, false),
          new NoticeRequirement("completion", Duration.ZERO, true));
    };
  }

  @Override
  public ApprovalRule approvals(MaintenanceType type, boolean overridesFreeze) {
    return switch (type) {
      case ZERO_DOWNTIME -> new ApprovalRule(List.of(), 0, true);
      case EMERGENCY -> new ApprovalRule(List.of("sre-lead", "cto"), overridesFreeze ? 3 : 2, true);
      default -> new ApprovalRule(List.of("vp"), 1, true);
    };
  }

  /** P0: on-call at once, team lead 30 min, manager 1 h, director 2 h; P2: on-call, team lead 30 min. */
  @Override
  public List<EscalationLevel> escalation(String severity) {
    return switch (severity) {
      case "P0" -> List.of(
          new EscalationLevel("on-call", Duration.ZERO),
          new EscalationLevel("team-lead", Duration.ofMinutes(30)),
          new EscalationLevel("engineering-manager", Duration.ofHours(1)),
          new EscalationLevel("director", Duration.ofHours(2)));
      case "P2" -> List.of(
          new EscalationLevel("on-call", Duration.ZERO),
          new EscalationLevel("team-lead", Duration.ofMinutes(30)));
      default -> List.of();
    };
  }

  @Override
  public boolean inFreeze(WindowPlan plan) {
    return plan.start().isBefore(FREEZE_END) && FREEZE_START.isBefore(plan.end());
  }

  @Override
  public Duration lateStartGrace(String environment) {
    return GRACE;
  }

  @Override
  public Duration stepCutoff(MaintenanceType type) {
    return CUTOFF;
  }

  private static boolean inSlot(Instant start, Instant end) {
    LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
    Instant open = day.atTime(2, 0).toInstant(ZoneOffset.UTC);
    Instant close = day.atTime(6, 0).toInstant(ZoneOffset.UTC);
    return !start.isBefore(open) && !end.isAfter(close);
  }

  private static Duration maxDuration(MaintenanceType type) {
    return type == MaintenanceType.PLANNED_OUTAGE ? Duration.ofHours(2) : Duration.ofHours(4);
  }

  private static Duration lead(MaintenanceType type) {
    return switch (type) {
      case EMERGENCY -> Duration.ZERO;
      case ZERO_DOWNTIME -> Duration.ofHours(24);
      default -> Duration.ofDays(7);
    };
  }
}
