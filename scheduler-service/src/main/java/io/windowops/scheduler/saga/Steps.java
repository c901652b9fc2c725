package io.windowops.scheduler.saga;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.StepProgress;
import io.windowops.events.StepSpec;
import io.windowops.events.StepState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The steps of a request as the saga orders them: stages of one step or of a parallel group. */
final class Steps {

  /** The scheduler holds a step with this catalog action until enough ApprovalGiven arrive. */
  static final String APPROVAL_ACTION = io.windowops.scheduler.admission.Planning.APPROVAL_ACTION;
  /** Added to a step's own timeout before the saga gives up waiting for the executor's outcome. */
  static final Duration OUTCOME_MARGIN = Duration.ofSeconds(60);

  private Steps() {}

  /** Consecutive steps sharing a parallel group form one stage; every other step is its own. */
  static List<List<StepSpec>> stages(MaintenanceRequested r) {
    List<List<StepSpec>> stages = new ArrayList<>();
    String group = null;
    for (StepSpec step : r.getSteps()) {
      String g = step.getParallelGroup();
      if (g != null && Objects.equals(g, group) && !stages.isEmpty()) {
        stages.get(stages.size() - 1).add(step);
      } else {
        List<StepSpec> stage = new ArrayList<>();
        stage.add(step);
        stages.add(stage);
      }
      group = g;
    }
    return stages;
  }

  static Map<String, StepProgress> pending(MaintenanceRequested r) {
    Map<String, StepProgress> steps = new LinkedHashMap<>();
    r.getSteps().forEach(s -> steps.put(s.getStepId(), StepProgress.newBuilder().setState(StepState.PENDING).build()));
    return steps;
  }

  static StepSpec spec(MaintenanceRequested r, String stepId) {
    return r.getSteps().stream()
        .filter(s -> s.getStepId().equals(stepId))
        .findFirst()
        .orElse(null);
  }

  static boolean inFlight(StepState state) {
    return state == StepState.RUNNING
        || state == StepState.RETRY_WAIT
        || state == StepState.WAITING_APPROVAL
        || state == StepState.COMPENSATING;
  }

  /** Backoff before attempt {@code failed + 1}: the step's delay, doubled for each further retry. */
  static Duration backoff(StepSpec spec, int failed) {
    long seconds = (long) spec.getRetryBackoffSeconds() << Math.min(Math.max(failed - 1, 0), 20);
    return Duration.ofSeconds(seconds);
  }
}
