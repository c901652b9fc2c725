package io.windowops.executor.action;

import io.windowops.events.ExecutionKind;
import io.windowops.executor.catalog.ActionCatalog;
import java.time.Duration;
import java.util.Map;

/** One run of a catalog action: who asked, with which checked parameters, for how long at most. */
public record ActionRequest(
    String windowId,
    String stepId,
    int attempt,
    ExecutionKind kind,
    ActionCatalog.Bound bound,
    Duration timeout,
    Map<String, String> stepOutputs) {

  /** The run's key, also the ledger key: windowId/stepId/attempt/kind. */
  public String key() {
    return windowId + "/" + stepId + "/" + attempt + "/" + kind;
  }
}
