package io.windowops.scheduler.policy;

import io.windowops.events.CompensationSpec;
import io.windowops.events.StepSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the steps a policy declares (a recurring window's, an alert runbook's): catalog action
 * names with their parameters (values or secret references only), a timeout, retries, an optional
 * description and compensation, as in a window request.
 */
final class StepsReader {

  private StepsReader() {}

  /** The steps under {@code steps}; empty (with errors recorded) if any of them is incomplete. */
  static List<StepSpec> steps(YamlSection s, String purpose) {
    if (!s.has("steps")) {
      s.error("steps", "is required: " + purpose);
      return List.of();
    }
    List<StepSpec> steps = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    boolean complete = true;
    for (YamlSection step : s.sections("steps")) {
      step.allowOnly("id", "action", "params", "timeout", "retries", "description", "compensation");
      Optional<String> id = step.required("id", PolicyValues::name);
      Optional<String> action = step.required("action", PolicyValues::name);
      Optional<Duration> timeout = step.required("timeout", PolicyValues::positiveDuration);
      Optional<Integer> retries = step.has("retries") ? step.value("retries", Integer::parseInt) : Optional.of(0);
      Map<String, String> params = params(step);
      Optional<CompensationSpec> compensation = Optional.empty();
      if (step.has("compensation")) {
        compensation = step.section("compensation").flatMap(StepsReader::compensation);
        complete &= compensation.isPresent();
      }
      if (id.isPresent() && !ids.add(id.get())) {
        step.error("id", "duplicate step id '" + id.get() + "'");
        complete = false;
      }
      if (id.isEmpty() || action.isEmpty() || timeout.isEmpty() || retries.isEmpty()) {
        complete = false;
        continue;
      }
      steps.add(
          StepSpec.newBuilder()
              .setStepId(id.get())
              .setAction(action.get())
              .setParams(params)
              .setCompensation(compensation.orElse(null))
              .setTimeoutSeconds((int) Math.min(Integer.MAX_VALUE, timeout.get().toSeconds()))
              .setMaxRetries(retries.get())
              .setDescription(step.text("description").orElse(null))
              .build());
    }
    if (complete && steps.isEmpty()) {
      s.error("steps", "list at least one step");
    }
    return complete ? List.copyOf(steps) : List.of();
  }

  private static Optional<CompensationSpec> compensation(YamlSection c) {
    c.allowOnly("action", "params");
    Optional<String> action = c.required("action", PolicyValues::name);
    Map<String, String> params = params(c);
    return action.map(a -> CompensationSpec.newBuilder().setAction(a).setParams(params).build());
  }

  private static Map<String, String> params(YamlSection s) {
    Map<String, String> params = new LinkedHashMap<>();
    s.section("params").ifPresent(p -> p.keys().forEach(k -> p.text(k).ifPresent(v -> params.put(k, v))));
    return params;
  }
}
