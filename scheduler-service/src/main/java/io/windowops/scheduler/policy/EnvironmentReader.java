package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** Reads an environment of a policy file: its zone, allowed slots and limits. */
final class EnvironmentReader {

  private EnvironmentReader() {}

  static Optional<EnvironmentRule> environment(String name, YamlSection s, Duration grace) {
    s.allowOnly("zone", "anyTime", "slots", "maxConcurrentWindows", "lateStartGrace");
    Optional<ZoneId> zone = s.required("zone", PolicyValues::zone);
    boolean anyTime = s.value("anyTime", PolicyValues::bool).orElse(false);
    List<SlotRule> slots = new ArrayList<>();
    Set<String> slotIds = new HashSet<>();
    for (YamlSection slot : s.sections("slots")) {
      slot(slot)
          .ifPresent(
              r -> {
                if (slotIds.add(r.id())) {
                  slots.add(r);
                } else {
                  slot.error("id", "duplicate slot id '" + r.id() + "' in " + name);
                }
              });
    }
    if (anyTime && s.has("slots")) {
      s.error("slots", "an environment open at any time (anyTime: true) has no slots");
    }
    if (!anyTime && !s.has("slots")) {
      s.error("slots", "is required unless anyTime: true");
    }
    OptionalInt maxConcurrent =
        s.value("maxConcurrentWindows", PolicyValues::positiveInt)
            .map(OptionalInt::of)
            .orElse(OptionalInt.empty());
    Duration envGrace = s.value("lateStartGrace", PolicyValues::duration).orElse(grace);
    return zone.map(z -> new EnvironmentRule(name, z, anyTime, slots, maxConcurrent, envGrace));
  }

  private static Optional<SlotRule> slot(YamlSection s) {
    s.allowOnly("id", "days", "monthly", "start", "end", "types");
    Optional<String> id = s.required("id", PolicyValues::name);
    Optional<DayRule> days = dayRule(s);
    Optional<LocalTime> start = s.required("start", PolicyValues::time);
    Optional<LocalTime> end = s.required("end", PolicyValues::time);
    if (start.filter(PolicyValues.END_OF_DAY::equals).isPresent()) {
      s.error("start", "24:00 is only an end; a slot starting at midnight starts at 00:00");
      return Optional.empty();
    }
    Set<MaintenanceType> types =
        new LinkedHashSet<>(s.list("types", PolicyText::parseType).orElse(List.of()));
    if (s.has("types") && types.isEmpty()) {
      s.error("types", "list at least one maintenance type, or leave types out for all");
    }
    if (start.isPresent() && end.isPresent() && start.get().equals(end.get())) {
      s.error("end", "the end equals the start; a whole day is start 00:00, end 24:00");
      return Optional.empty();
    }
    if (id.isEmpty() || days.isEmpty() || start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    boolean endOfDay = end.get().equals(PolicyValues.END_OF_DAY);
    LocalTime endTime = endOfDay ? LocalTime.MIDNIGHT : end.get();
    boolean nextDay = endOfDay || end.get().isBefore(start.get());
    return Optional.of(new SlotRule(id.get(), days.get(), start.get(), endTime, nextDay, types));
  }

  /** Exactly one of {@code days: [SUNDAY, ...]} or {@code monthly: first SUNDAY}; shared. */
  static Optional<DayRule> dayRule(YamlSection s) {
    if (s.has("days") == s.has("monthly")) {
      s.error(
          s.has("days") ? "monthly" : "days",
          "give exactly one of days (e.g. [TUESDAY]) or monthly (e.g. first SUNDAY)");
      return Optional.empty();
    }
    if (s.has("monthly")) {
      return s.value("monthly", DayRule.Monthly::parse).map(DayRule.class::cast);
    }
    Optional<List<DayOfWeek>> days = s.list("days", DayRule::parseDay);
    if (days.isPresent() && days.get().isEmpty()) {
      s.error("days", "list at least one day");
      return Optional.empty();
    }
    return days.map(d -> new DayRule.Weekly(Set.copyOf(d)));
  }
}
