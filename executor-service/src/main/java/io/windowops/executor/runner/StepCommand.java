package io.windowops.executor.runner;

import io.windowops.events.CompensateStep;
import io.windowops.events.ExecutionKind;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import java.util.List;
import java.util.Map;

/**
 * A RunStep or CompensateStep (never a CancelStep) seen the same way: what to run, for which
 * window, step and attempt. {@code idempotentOnly}: a compensation of an unknown effect, run only
 * if the catalog declares its action idempotent.
 */
record StepCommand(
    StepCommandEnvelope envelope,
    String windowId,
    String stepId,
    int attempt,
    ExecutionKind kind,
    String action,
    Map<String, String> params,
    Map<String, String> stepOutputs,
    int timeoutSeconds,
    List<String> services,
    boolean idempotentOnly) {

  static StepCommand of(StepCommandEnvelope envelope) {
    String windowId = envelope.getMetadata().getWindowId();
    Object payload = envelope.getPayload();
    if (payload instanceof RunStep run) {
      String service = run.getStep().getService();
      return new StepCommand(
          envelope,
          windowId,
          run.getStepId(),
          run.getAttempt(),
          ExecutionKind.STEP,
          run.getStep().getAction(),
          run.getStep().getParams(),
          Map.of(),
          run.getStep().getTimeoutSeconds(),
          service != null ? List.of(service) : List.copyOf(run.getServices()),
          false);
    }
    CompensateStep comp = (CompensateStep) payload;
    return new StepCommand(
        envelope,
        windowId,
        comp.getStepId(),
        comp.getAttempt(),
        ExecutionKind.COMPENSATION,
        comp.getCompensation().getAction(),
        comp.getCompensation().getParams(),
        comp.getStepOutputs(),
        comp.getTimeoutSeconds(),
        List.copyOf(comp.getServices()),
        comp.getIdempotentOnly());
  }

  /** The ledger key: windowId/stepId/attempt/kind. */
  String key() {
    return key(windowId, stepId, attempt, kind);
  }

  static String key(String windowId, String stepId, int attempt, ExecutionKind kind) {
    return windowId + "/" + stepId + "/" + attempt + "/" + kind;
  }

  String eventId() {
    return envelope.getMetadata().getEventId();
  }
}
