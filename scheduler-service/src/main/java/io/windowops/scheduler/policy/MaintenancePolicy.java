package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.Violation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The maintenance policy loaded from a YAML file ({@link #load}): environments and their allowed
 * slots, freezes, maintenance types, recurring windows. Immutable and pure: every instant comes
 * from the caller, so the saga can consult it inside {@code decide}.
 */
public final class MaintenancePolicy implements WindowPolicy {

  /**
   * Lead time of an "immediate" notice (emergency): so long that its due time has always passed
   * when the window is scheduled, so the saga, which issues past-due notices at once, sends it
   * right away. Never counted as required notice.
   */
  public static final Duration IMMEDIATE_LEAD = WindowPolicy.IMMEDIATE;

  private final Map<String, EnvironmentRule> environments;
  private final Map<MaintenanceType, TypeRule> types;
  private final List<FreezePeriod> freezes;
  private final Map<String, RecurringWindow> recurring;
  private final AlertPolicy alerts;
  private final Duration defaultLateStartGrace;
  private final Duration defaultStepCutoff;
  private final Duration defaultProgressInterval;

  MaintenancePolicy(
      Map<String, EnvironmentRule> environments,
      Map<MaintenanceType, TypeRule> types,
      List<FreezePeriod> freezes,
      Map<String, RecurringWindow> recurring,
      AlertPolicy alerts,
      Duration defaultLateStartGrace,
      Duration defaultStepCutoff,
      Duration defaultProgressInterval) {
    this.environments = Map.copyOf(environments);
    this.types = Map.copyOf(types);
    this.freezes = List.copyOf(freezes);
    this.recurring = Map.copyOf(recurring);
    this.alerts = alerts;
    this.defaultLateStartGrace = defaultLateStartGrace;
    this.defaultStepCutoff = defaultStepCutoff;
    this.defaultProgressInterval = defaultProgressInterval;
  }

  /** Loads and validates a policy file; {@link PolicyException} lists every problem found. */
  public static MaintenancePolicy load(Path file) {
    return PolicyLoader.load(file);
  }

  /** Parses policy text; {@code fileName} is used in error messages. */
  public static MaintenancePolicy parse(String yaml, String fileName) {
    return PolicyLoader.parse(yaml, fileName);
  }

  @Override
  public List<Violation> check(WindowPlan plan, List<Reservation> others, Instant now) {
    return PlanCheck.check(this, plan, others, now);
  }

  @Override
  public Optional<Instant> nextAllowedStart(
      String environment,
      List<String> services,
      MaintenanceType type,
      Duration duration,
      Instant earliest,
      Instant now,
      List<Reservation> others) {
    return SlotSearch.nextAllowedStart(
        this, environment, services, type, duration, earliest, now, others);
  }

  /**
   * Longest lead time first: {@code initial} (the first announcement: the immediate one if the type
   * has it, else the longest lead time), then {@code reminder-P3D}-style ids, {@code start} (lead
   * time zero) and {@code completion}. Throws for a type the policy does not declare ({@link
   * #check} rejects such plans first).
   */
  @Override
  public List<NoticeRequirement> notices(MaintenanceType type) {
    TypeRule rule = typeRule(type);
    List<NoticeRequirement> notices = new ArrayList<>();
    if (rule.immediateNotice()) {
      notices.add(new NoticeRequirement("initial", IMMEDIATE_LEAD, false));
    }
    for (Duration lead : rule.leadTimes()) {
      String id = notices.isEmpty() ? "initial" : "reminder-" + DurationText.iso(lead);
      notices.add(new NoticeRequirement(id, lead, false));
    }
    if (rule.noticeAtStart()) {
      notices.add(new NoticeRequirement("start", Duration.ZERO, false));
    }
    if (rule.noticeAtCompletion()) {
      notices.add(new NoticeRequirement("completion", Duration.ZERO, true));
    }
    return List.copyOf(notices);
  }

  /**
   * The type's approvals, or with {@code overridesFreeze} the stricter rule under which it may run
   * inside a freeze. Throws if the type may not override a freeze: such a plan is rejected by
   * {@link #check} ({@code IN_FREEZE}), so asking is a bug.
   */
  @Override
  public ApprovalRule approvals(MaintenanceType type, boolean overridesFreeze) {
    TypeRule rule = typeRule(type);
    if (!overridesFreeze) {
      return rule.approvals();
    }
    return rule.freezeOverride()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    PolicyText.typeName(type) + " may not override a freeze"));
  }

  @Override
  public boolean inFreeze(WindowPlan plan) {
    return !freezesOverlapping(plan).isEmpty();
  }

  /**
   * The override fact for an emergency plan that runs inside a freeze (the first freeze it
   * overlaps), or empty if the plan is outside every freeze or its type may not override one.
   */
  public Optional<FreezeOverride> freezeOverride(WindowPlan plan) {
    Optional<ApprovalRule> approvals = type(plan.type()).flatMap(TypeRule::freezeOverride);
    return freezesOverlapping(plan).stream()
        .findFirst()
        .flatMap(
            f ->
                approvals.map(
                    a ->
                        new FreezeOverride(
                            plan.windowId(), f.id(), f.name(), f.start(), f.end(), a)));
  }

  @Override
  public Duration lateStartGrace(String environment) {
    return environment(environment)
        .map(EnvironmentRule::lateStartGrace)
        .orElse(defaultLateStartGrace);
  }

  @Override
  public Duration stepCutoff(MaintenanceType type) {
    return type(type).map(TypeRule::stepCutoff).orElse(defaultStepCutoff);
  }

  @Override
  public Duration progressInterval(MaintenanceType type) {
    return type(type).map(TypeRule::progressInterval).orElse(defaultProgressInterval);
  }

  /**
   * The allowed slot occurrences and freezes of an environment overlapping {@code [from, to)}, by
   * start (the calendar view); empty for an unknown environment.
   */
  public List<CalendarEntry> calendar(String environment, Instant from, Instant to) {
    Optional<EnvironmentRule> env = environment(environment);
    if (env.isEmpty()) {
      return List.of();
    }
    List<CalendarEntry> entries = new ArrayList<>();
    if (env.get().anyTime()) {
      entries.add(
          new CalendarEntry(
              environment,
              CalendarEntry.Kind.ANY_TIME,
              "any-time",
              "any time",
              from,
              to,
              List.of()));
    }
    for (SlotCalendar.Occurrence o : SlotCalendar.occurrences(env.get(), from, to)) {
      entries.add(
          new CalendarEntry(
              environment,
              CalendarEntry.Kind.SLOT,
              o.slot().id(),
              o.opening().label(),
              o.opening().start(),
              o.opening().end(),
              o.slot().types().stream().sorted().toList()));
    }
    for (FreezePeriod f : freezesOverlapping(environment, from, to)) {
      entries.add(
          new CalendarEntry(
              environment,
              CalendarEntry.Kind.FREEZE,
              f.id(),
              f.describe(),
              f.start(),
              f.end(),
              List.of()));
    }
    entries.sort(Comparator.comparing(CalendarEntry::start));
    return List.copyOf(entries);
  }

  /** The runbook an alert opens, by its {@code alertname}; empty if the policy maps none. */
  public Optional<AlertRunbook> runbook(String alertname) {
    return alerts.runbook(alertname);
  }

  /** The alertnames that open a runbook. */
  public Set<String> alertRunbooks() {
    return alerts.runbooks().keySet();
  }

  @Override
  public List<EscalationLevel> escalation(String severity) {
    return Severity.of(severity).map(alerts::levels).orElse(List.of());
  }

  @Override
  public ApprovalRule alertApprovals() {
    return alerts.approvals();
  }

  /** The declared environment names. */
  public Set<String> environments() {
    return environments.keySet();
  }

  /** The ids of the declared recurring windows. */
  public Set<String> recurringWindows() {
    return recurring.keySet();
  }

  /** The steps every occurrence of a declared recurring window runs. */
  public List<io.windowops.events.StepSpec> recurringSteps(String recurringId) {
    RecurringWindow window = recurring.get(recurringId);
    return window == null ? List.of() : window.steps();
  }

  /** The title of a declared recurring window (its occurrences' title). */
  public Optional<String> recurringTitle(String recurringId) {
    return Optional.ofNullable(recurring.get(recurringId)).map(RecurringWindow::title);
  }

  /**
   * The next {@code count} occurrences of a recurring window starting at or after {@code from}, as
   * concrete plans (window id {@code <id>-<local date>}, stable across runs), each with the
   * violations it would meet as of {@code now} (e.g. one falling in a freeze).
   */
  public List<RecurringOccurrence> preview(
      String recurringId, Instant from, int count, Instant now, List<Reservation> others) {
    RecurringWindow window = recurring.get(recurringId);
    if (window == null) {
      throw new IllegalArgumentException(
          "no recurring window '" + recurringId + "' (known: " + recurring.keySet() + ")");
    }
    return RecurringExpander.expand(window, from, count).stream()
        .map(plan -> new RecurringOccurrence(plan, check(plan, others, now)))
        .toList();
  }

  /** One previewed occurrence of a recurring window and what policy says about it. */
  public record RecurringOccurrence(WindowPlan plan, List<Violation> violations) {
    public RecurringOccurrence {
      violations = List.copyOf(violations);
    }

    public boolean allowed() {
      return violations.isEmpty();
    }
  }

  Optional<EnvironmentRule> environment(String name) {
    return Optional.ofNullable(name).map(environments::get);
  }

  Optional<TypeRule> type(MaintenanceType type) {
    return Optional.ofNullable(type).map(types::get);
  }

  Duration defaultLateStartGrace() {
    return defaultLateStartGrace;
  }

  /** Freezes applying to the plan's environment that overlap it, earliest first. */
  List<FreezePeriod> freezesOverlapping(WindowPlan plan) {
    return freezesOverlapping(plan.environment(), plan.start(), plan.end());
  }

  List<FreezePeriod> freezesOverlapping(String environment, Instant start, Instant end) {
    return freezes.stream()
        .filter(f -> f.appliesTo(environment) && f.overlaps(start, end))
        .sorted(Comparator.comparing(FreezePeriod::start))
        .toList();
  }

  private TypeRule typeRule(MaintenanceType type) {
    return type(type)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "maintenance type "
                        + (type == null ? "null" : PolicyText.typeName(type))
                        + " is not declared in the policy"));
  }
}
