package io.windowops.scheduler;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.EventTypeCounter;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import java.util.List;

/**
 * Owns each window's life: takes requests (REST and {@code windowops.requests.v1}), step results
 * and validation results, and drives the window saga. The saga arrives with the scheduler issue;
 * this verticle already consumes its inputs, counts them by type and serves health and metrics.
 */
public final class SchedulerVerticle extends WindowOpsService {

  public SchedulerVerticle(WindowOpsConfig config) {
    super("scheduler", config);
  }

  @Override
  protected List<Input<?>> inputs() {
    EventTypeCounter counter = new EventTypeCounter(meters, meterPrefix());
    return List.of(
        new Input<>(Topics.REQUESTS, counter.handler()),
        new Input<>(Topics.STEP_RESULTS, counter.handler()),
        new Input<>(Topics.VALIDATION_RESULTS, counter.handler()));
  }

}
