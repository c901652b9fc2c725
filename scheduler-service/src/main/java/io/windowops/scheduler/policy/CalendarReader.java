package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a freeze period or a recurring window of a policy file. */
final class CalendarReader {

  private CalendarReader() {}

  static Optional<FreezePeriod> freeze(YamlSection s, Set<String> envNames) {
    s.allowOnly("id", "name", "zone", "start", "end", "environments");
    Optional<String> id = s.required("id", PolicyValues::name);
    String name = s.text("name").orElse(id.orElse(""));
    ZoneId zone = s.value("zone", PolicyValues::zone).orElse(ZoneOffset.UTC);
    Optional<LocalDateTime> start = s.required("start", t -> PolicyValues.bound(t, false));
    Optional<LocalDateTime> end = s.required("end", t -> PolicyValues.bound(t, true));
    List<String> environments = s.list("environments", PolicyValues::name).orElse(List.of());
    for (String env : environments) {
      if (!envNames.contains(env)) {
        s.error("environments", "'" + env + "' is not a declared environment");
      }
    }
    if (id.isEmpty() || start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    Instant from = WallClock.resolve(start.get(), zone);
    Instant to = WallClock.resolve(end.get(), zone);
    if (!to.isAfter(from)) {
      s.error("end", "the freeze ends before it starts");
      return Optional.empty();
    }
    return Optional.of(new FreezePeriod(id.get(), name, from, to, zone, Set.copyOf(environments)));
  }

  static Optional<RecurringWindow> recurring(
      YamlSection s,
      Map<String, EnvironmentRule> environments,
      Map<MaintenanceType, TypeRule> types) {
    s.allowOnly(
        "id",
        "title",
        "environment",
        "services",
        "type",
        "days",
        "monthly",
        "at",
        "zone",
        "duration",
        "requester",
        "steps");
    Optional<String> id = s.required("id", PolicyValues::name);
    Optional<String> title = s.requiredText("title");
    Optional<String> envName = s.requiredText("environment");
    Optional<EnvironmentRule> env = envName.map(environments::get);
    if (envName.isPresent() && env.isEmpty()) {
      s.error("environment", "'" + envName.get() + "' is not a declared environment");
    }
    Optional<List<String>> services = s.list("services", PolicyValues::name);
    if (!s.has("services")) {
      s.error("services", "is required: which services the window touches");
    } else if (services.isPresent() && services.get().isEmpty()) {
      s.error("services", "list at least one service");
    }
    Optional<MaintenanceType> type = s.required("type", PolicyText::parseType);
    Optional<TypeRule> typeRule = type.map(types::get);
    if (type.isPresent() && typeRule.isEmpty()) {
      s.error("type", PolicyText.typeName(type.get()) + " is not declared under types");
    }
    Optional<DayRule> days = EnvironmentReader.dayRule(s);
    Optional<LocalTime> at = s.required("at", PolicyValues::time);
    if (at.filter(PolicyValues.END_OF_DAY::equals).isPresent()) {
      s.error("at", "24:00 is not a start time; use 00:00");
      at = Optional.empty();
    }
    Optional<ZoneId> zone =
        s.has("zone") ? s.value("zone", PolicyValues::zone) : env.map(EnvironmentRule::zone);
    Optional<Duration> duration = s.required("duration", PolicyValues::positiveDuration);
    if (duration.isPresent() && typeRule.flatMap(TypeRule::maxDuration).isPresent()) {
      Duration max = typeRule.get().maxDuration().get();
      if (duration.get().compareTo(max) > 0) {
        s.error(
            "duration",
            DurationText.format(duration.get())
                + " is longer than the "
                + DurationText.format(max)
                + " "
                + PolicyText.article(PolicyText.typeName(type.get()))
                + " "
                + PolicyText.typeName(type.get())
                + " may last");
      }
    }
    Optional<String> requester = s.requiredText("requester");
    List<StepSpec> steps = StepsReader.steps(s, "the catalog actions every occurrence runs");
    if (id.isEmpty()
        || title.isEmpty()
        || env.isEmpty()
        || services.filter(l -> !l.isEmpty()).isEmpty()
        || typeRule.isEmpty()
        || days.isEmpty()
        || at.isEmpty()
        || zone.isEmpty()
        || duration.isEmpty()
        || requester.isEmpty()
        || steps.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RecurringWindow(
            id.get(),
            title.get(),
            env.get().name(),
            services.get(),
            type.get(),
            days.get(),
            at.get(),
            zone.get(),
            duration.get(),
            requester.get(),
            steps));
  }
}
