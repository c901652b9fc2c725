package io.windowops.scheduler.policy;

import io.windowops.events.CriterionSpec;
import io.windowops.events.StepSpec;
import java.time.Duration;
import java.util.List;

/**
 * The incident runbook an alert opens as an emergency window: its severity (unless the alert's
 * own {@code severity} label names one), how fast someone must respond, where it runs, its steps
 * (diagnosis that captures evidence, go/no-go gates before destructive steps, resolution steps
 * with their compensations) and its verification, run by the validator after the last step.
 */
public record AlertRunbook(
    String alertname,
    String title,
    String description,
    Severity severity,
    Duration respondWithin,
    String environment,
    List<String> services,
    Duration duration,
    List<String> audiences,
    String impact,
    List<StepSpec> steps,
    List<CriterionSpec> verification) {

  public AlertRunbook {
    services = List.copyOf(services);
    audiences = List.copyOf(audiences);
    steps = List.copyOf(steps);
    verification = List.copyOf(verification);
  }
}
