package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Reads a maintenance type of a policy file: duration, notices, approvals, freeze override. */
final class TypeReader {

  private TypeReader() {}

  static Optional<MaintenanceType> typeKey(String name, YamlSection section) {
    try {
      return Optional.of(PolicyText.parseType(name));
    } catch (IllegalArgumentException e) {
      section.errorHere(e.getMessage());
      return Optional.empty();
    }
  }

  static Optional<TypeRule> type(
      MaintenanceType type, YamlSection s, Duration cutoff, Duration progressInterval) {
    s.allowOnly(
        "maxDuration",
        "notices",
        "approvals",
        "freezeOverride",
        "bypassSlots",
        "stepCutoff",
        "progressInterval");
    Optional<Duration> maxDuration = s.value("maxDuration", PolicyValues::positiveDuration);
    Duration stepCutoff = s.value("stepCutoff", PolicyValues::duration).orElse(cutoff);
    Duration progress =
        s.value("progressInterval", PolicyValues::positiveDuration).orElse(progressInterval);
    if (maxDuration.isPresent() && stepCutoff.compareTo(maxDuration.get()) >= 0) {
      s.error(
          s.has("stepCutoff") ? "stepCutoff" : "maxDuration",
          "the step cutoff ("
              + DurationText.format(stepCutoff)
              + ") must be shorter than the max duration ("
              + DurationText.format(maxDuration.get())
              + ")");
    }
    List<Duration> leadTimes = List.of();
    boolean immediate = false;
    boolean atStart = false;
    boolean atCompletion = false;
    Optional<YamlSection> notices = s.section("notices");
    if (!s.has("notices")) {
      s.error("notices", "is required (leadTimes, immediate, atStart, atCompletion)");
    }
    if (notices.isPresent()) {
      YamlSection n = notices.get();
      n.allowOnly("leadTimes", "immediate", "atStart", "atCompletion");
      leadTimes = n.list("leadTimes", PolicyValues::positiveDuration).orElse(List.of());
      immediate = n.value("immediate", PolicyValues::bool).orElse(false);
      atStart = n.value("atStart", PolicyValues::bool).orElse(false);
      atCompletion = n.value("atCompletion", PolicyValues::bool).orElse(false);
      if (new HashSet<>(leadTimes).size() != leadTimes.size()) {
        n.error("leadTimes", "lists a lead time twice");
      }
    }
    Optional<ApprovalRule> approvals = s.section("approvals").flatMap(TypeReader::approvals);
    if (!s.has("approvals")) {
      s.error("approvals", "is required (roles, count, fourEyes)");
    }
    Optional<ApprovalRule> override = Optional.empty();
    Optional<YamlSection> overrideSection = s.section("freezeOverride");
    if (overrideSection.isPresent()) {
      YamlSection o = overrideSection.get();
      o.allowOnly("approvals");
      if (type != MaintenanceType.EMERGENCY) {
        s.error("freezeOverride", "only the emergency type may override a freeze");
      }
      if (!o.has("approvals")) {
        o.error("approvals", "is required: the extra approvals a freeze override demands");
      }
      override = o.section("approvals").flatMap(TypeReader::approvals);
      if (override.isPresent()
          && approvals.isPresent()
          && override.get().count() <= approvals.get().count()) {
        o.error(
            "approvals",
            "a freeze override must demand more approvals than the type's own ("
                + approvals.get().count()
                + ")");
      }
    }
    boolean bypassSlots = s.value("bypassSlots", PolicyValues::bool).orElse(false);
    if (approvals.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new TypeRule(
            type,
            maxDuration,
            leadTimes,
            immediate,
            atStart,
            atCompletion,
            approvals.get(),
            override,
            bypassSlots,
            stepCutoff,
            progress));
  }

  static Optional<ApprovalRule> approvals(YamlSection s) {
    s.allowOnly("roles", "count", "fourEyes");
    Optional<List<String>> roles = s.list("roles", PolicyValues::name);
    if (!s.has("roles")) {
      s.error("roles", "is required: who may approve");
    } else if (roles.isPresent() && roles.get().isEmpty()) {
      s.error("roles", "list at least one role");
    }
    int count = s.value("count", PolicyValues::positiveInt).orElse(1);
    boolean fourEyes = s.value("fourEyes", PolicyValues::bool).orElse(true);
    return roles
        .filter(r -> !r.isEmpty())
        .map(r -> new ApprovalRule(List.copyOf(new LinkedHashSet<>(r)), count, fourEyes));
  }
}
