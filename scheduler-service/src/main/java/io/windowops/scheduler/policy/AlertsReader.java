package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import io.windowops.scheduler.policy.WindowPolicy.EscalationLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code alerts} section of a policy: {@code escalation} (per severity, the levels
 * notified {@code after} the alert started), {@code approvals} (window-level, none by default)
 * and {@code runbooks} (per alertname). Runbooks run as emergency windows, so the policy must
 * declare the emergency type, and a runbook may not last longer than it allows.
 */
final class AlertsReader {

  private AlertsReader() {}

  static AlertPolicy alerts(
      YamlSection s, Map<String, EnvironmentRule> environments, Map<MaintenanceType, TypeRule> types) {
    s.allowOnly("escalation", "approvals", "runbooks");
    Map<Severity, List<EscalationLevel>> escalation = new EnumMap<>(Severity.class);
    s.section("escalation").ifPresent(e -> {
      for (String key : e.keys()) {
        Optional<Severity> severity = Severity.of(key);
        if (severity.isEmpty()) {
          e.error(key, "'" + key + "' is not a severity (P0, P1, P2 or P3)");
          continue;
        }
        escalation.put(severity.get(), levels(e, key));
      }
    });
    ApprovalRule approvals =
        s.section("approvals").flatMap(TypeReader::approvals).orElse(AlertPolicy.NO_APPROVALS);
    Map<String, AlertRunbook> runbooks = new LinkedHashMap<>();
    Optional<TypeRule> emergency = Optional.ofNullable(types.get(MaintenanceType.EMERGENCY));
    Map<String, YamlSection> declared = s.named("runbooks");
    if (!declared.isEmpty() && emergency.isEmpty()) {
      s.error("runbooks", "alert runbooks run as emergency windows: declare the emergency type under types");
    }
    declared.forEach((alertname, r) ->
        runbook(alertname, r, environments, emergency).ifPresent(b -> runbooks.put(alertname, b)));
    return new AlertPolicy(runbooks, escalation, approvals);
  }

  /** A severity's levels, in the order of their thresholds, which must grow. */
  private static List<EscalationLevel> levels(YamlSection e, String key) {
    List<EscalationLevel> levels = new ArrayList<>();
    Duration previous = null;
    for (YamlSection level : e.sections(key)) {
      level.allowOnly("after", "notify");
      Optional<Duration> after = level.required("after", PolicyValues::duration);
      Optional<String> notify = level.required("notify", PolicyValues::name);
      if (after.isEmpty() || notify.isEmpty()) {
        continue;
      }
      if (previous != null && after.get().compareTo(previous) <= 0) {
        level.error("after", "must be later than the level before (" + DurationText.format(previous) + ")");
        continue;
      }
      previous = after.get();
      levels.add(new EscalationLevel(notify.get(), after.get()));
    }
    return List.copyOf(levels);
  }

  private static Optional<AlertRunbook> runbook(
      String alertname, YamlSection r, Map<String, EnvironmentRule> environments, Optional<TypeRule> emergency) {
    r.allowOnly("title", "description", "severity", "respondWithin", "environment", "services", "duration",
        "audiences", "impact", "steps", "verification");
    Optional<String> title = r.requiredText("title");
    Optional<Severity> severity = r.required("severity", Severity::parse);
    Optional<Duration> respond = r.value("respondWithin", PolicyValues::positiveDuration);
    Optional<String> env = r.requiredText("environment");
    if (env.isPresent() && !environments.containsKey(env.get())) {
      r.error("environment", "'" + env.get() + "' is not a declared environment");
    }
    Optional<List<String>> services = r.list("services", PolicyValues::name);
    if (!r.has("services")) {
      r.error("services", "is required: which services the runbook acts on");
    } else if (services.isPresent() && services.get().isEmpty()) {
      r.error("services", "list at least one service");
    }
    Optional<Duration> duration = r.required("duration", PolicyValues::positiveDuration);
    Optional<Duration> max = emergency.flatMap(TypeRule::maxDuration);
    if (duration.isPresent() && max.isPresent() && duration.get().compareTo(max.get()) > 0) {
      r.error("duration", DurationText.format(duration.get()) + " is longer than the "
          + DurationText.format(max.get()) + " an emergency may last");
    }
    if (duration.filter(d -> d.toMinutes() < 1 || d.toMinutes() > 7 * 24 * 60).isPresent()) {
      r.error("duration", "must be between 1 minute and 7 days");
    }
    List<String> audiences = r.list("audiences", PolicyValues::name).orElse(List.of());
    List<StepSpec> steps = StepsReader.steps(r, "the catalog actions the runbook runs");
    var verification = CriteriaReader.criteria(r, "verification");
    if (title.isEmpty() || severity.isEmpty() || env.isEmpty() || !environments.containsKey(env.get())
        || services.filter(l -> !l.isEmpty()).isEmpty() || duration.isEmpty() || steps.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AlertRunbook(alertname, title.get(), r.text("description").orElse(null), severity.get(),
        respond.orElse(null), env.get(), services.get(), duration.get(), audiences, r.text("impact").orElse(null),
        steps, verification));
  }
}
