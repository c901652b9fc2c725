package io.windowops.executor;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.EventTypeCounter;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import java.util.List;

/**
 * Runs runbook steps from the operator catalog and their compensations, keeping an execution
 * ledger. Step execution arrives with the executor issue; this verticle already consumes {@code
 * windowops.steps.v1}, counts commands by type and serves health and metrics.
 */
public final class ExecutorVerticle extends WindowOpsService {

  public ExecutorVerticle(WindowOpsConfig config) {
    super("executor", config);
  }

  @Override
  protected List<Input<?>> inputs() {
    EventTypeCounter counter = new EventTypeCounter(meters, meterPrefix());
    return List.of(new Input<>(Topics.STEPS, counter.handler()));
  }

}
