package io.windowops.scheduler.admission;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.StepSpec;
import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a request into a slot: the requested time if the policy allows it, else (when asked, or
 * when no time was given) the next allowed slot; otherwise every reason it cannot be scheduled.
 * Also checks what the policy cannot: the shape of the request itself, because pipelines write
 * to the requests topic directly, past the REST API's validation. Run by the admission owner of
 * the request's environment, against the reservations it holds: the only place a window is placed
 * in time.
 */
public final class Planning {

  /** The action name of a go/no-go gate step. */
  public static final String APPROVAL_ACTION = "approval";

  /** Either a slot or the violations; {@code freezeOverride} marks an emergency inside a freeze. */
  public record Outcome(Instant start, Instant end, boolean freezeOverride, List<Violation> violations) {
    public boolean accepted() {
      return violations.isEmpty();
    }
  }

  /**
   * The other windows' reservations a plan is checked against, asked for only where they matter,
   * so an index answers in O(log n + k) rather than listing every window.
   */
  public interface Candidates {
    /** Reservations of other windows in the environment overlapping {@code [start, end)}. */
    List<Reservation> overlapping(Instant start, Instant end);

    /** Reservations of other windows in the environment that end after {@code earliest}. */
    List<Reservation> endingAfter(Instant earliest);

    /** A fixed list (tests, small tables): filtered on each call. */
    static Candidates of(String windowId, List<Reservation> all) {
      List<Reservation> others = all.stream().filter(o -> !o.windowId().equals(windowId)).toList();
      return new Candidates() {
        @Override
        public List<Reservation> overlapping(Instant start, Instant end) {
          return others.stream().filter(o -> o.start().isBefore(end) && o.end().isAfter(start)).toList();
        }

        @Override
        public List<Reservation> endingAfter(Instant earliest) {
          return others.stream().filter(o -> o.end().isAfter(earliest)).toList();
        }
      };
    }
  }

  private final WindowPolicy policy;

  public Planning(WindowPolicy policy) {
    this.policy = policy;
  }

  public Outcome plan(String windowId, MaintenanceRequested r, Candidates others, Instant now) {
    List<Violation> violations = shape(r);
    Optional<Duration> duration = duration(r, violations);
    if (!violations.isEmpty() || duration.isEmpty()) {
      return rejected(violations);
    }
    Instant requested = r.getRequestedStart();
    if (requested != null) {
      Instant end = r.getRequestedEnd() != null ? r.getRequestedEnd() : requested.plus(duration.get());
      WindowPlan asked = plan(windowId, r, requested, end);
      List<Violation> found = policy.check(asked, others.overlapping(requested, end), now);
      if (found.isEmpty()) {
        return accepted(asked);
      }
      if (!r.getUseNextAllowedSlot()) {
        return rejected(found);
      }
    }
    Instant earliest = requested != null && requested.isAfter(now) ? requested : now;
    Optional<Instant> next =
        policy.nextAllowedStart(
            r.getEnvironment(), List.copyOf(r.getServices()), r.getMaintenanceType(),
            duration.get(), earliest, now, others.endingAfter(earliest));
    if (next.isEmpty()) {
      return rejected(
          List.of(
              new Violation(
                  "requestedStart",
                  "NO_ALLOWED_SLOT",
                  "no allowed slot of " + duration.get() + " in " + r.getEnvironment()
                      + " within a year after " + earliest)));
    }
    WindowPlan found = plan(windowId, r, next.get(), next.get().plus(duration.get()));
    List<Violation> still = policy.check(found, others.overlapping(found.start(), found.end()), now);
    return still.isEmpty() ? accepted(found) : rejected(still);
  }

  /** What the policy does not check: steps present, unique ids, sane timeouts, a requester. */
  public static List<Violation> shape(MaintenanceRequested r) {
    List<Violation> found = new ArrayList<>();
    if (r.getRequester() == null || r.getRequester().isBlank()) {
      found.add(new Violation("requester", "MISSING_REQUESTER", "requester is required"));
    }
    if (r.getSteps().isEmpty()) {
      found.add(new Violation("steps", "MISSING_STEPS", "at least one step is required"));
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < r.getSteps().size(); i++) {
      StepSpec step = r.getSteps().get(i);
      String at = "steps[" + i + "]";
      if (!ids.add(step.getStepId())) {
        found.add(new Violation(at + ".stepId", "DUPLICATE_STEP_ID",
            "step id '" + step.getStepId() + "' is used twice"));
      }
      if (step.getTimeoutSeconds() <= 0) {
        found.add(new Violation(at + ".timeoutSeconds", "INVALID_TIMEOUT", "must be positive"));
      }
      if (step.getMaxRetries() < 0) {
        found.add(new Violation(at + ".maxRetries", "INVALID_RETRIES", "must not be negative"));
      }
      String count = step.getParams().get("count");
      if (APPROVAL_ACTION.equals(step.getAction()) && count != null && !count.trim().matches("[1-9][0-9]{0,2}")) {
        found.add(new Violation(at + ".params.count", "INVALID_APPROVAL_COUNT",
            "an approval gate's count must be a positive integer, not '" + count + "'"));
      }
      if (step.getRetryBackoffSeconds() < 0) {
        found.add(new Violation(at + ".retryBackoffSeconds", "INVALID_BACKOFF", "must not be negative"));
      }
    }
    return found;
  }

  private static Optional<Duration> duration(MaintenanceRequested r, List<Violation> violations) {
    if (r.getRequestedStart() != null && r.getRequestedEnd() != null) {
      Duration d = Duration.between(r.getRequestedStart(), r.getRequestedEnd());
      if (d.isNegative() || d.isZero()) {
        violations.add(new Violation("requestedEnd", "INVALID_RANGE", "requestedEnd must be after requestedStart"));
        return Optional.empty();
      }
      return Optional.of(d);
    }
    if (r.getDurationMinutes() != null) {
      if (r.getDurationMinutes() <= 0) {
        violations.add(new Violation("durationMinutes", "INVALID_DURATION", "durationMinutes must be positive"));
        return Optional.empty();
      }
      return Optional.of(Duration.ofMinutes(r.getDurationMinutes()));
    }
    violations.add(
        new Violation("durationMinutes", "MISSING_DURATION",
            "give requestedStart and requestedEnd, or durationMinutes"));
    return Optional.empty();
  }

  private Outcome accepted(WindowPlan plan) {
    return new Outcome(plan.start(), plan.end(), policy.inFreeze(plan), List.of());
  }

  private static Outcome rejected(List<Violation> violations) {
    return new Outcome(null, null, false, List.copyOf(violations));
  }

  public static WindowPlan plan(String windowId, MaintenanceRequested r, Instant start, Instant end) {
    return new WindowPlan(
        windowId, r.getEnvironment(), List.copyOf(r.getServices()), r.getMaintenanceType(),
        start, end, r.getRequester());
  }
}
