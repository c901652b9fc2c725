package io.windowops.validator;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.EventTypeCounter;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import java.util.List;

/**
 * Checks success criteria against Prometheus, Loki and health endpoints. Criteria evaluation
 * arrives with the validator issue; this verticle already consumes {@code
 * windowops.validations.v1}, counts commands by type and serves health and metrics.
 */
public final class ValidatorVerticle extends WindowOpsService {

  public ValidatorVerticle(WindowOpsConfig config) {
    super("validator", config);
  }

  @Override
  protected List<Input<?>> inputs() {
    EventTypeCounter counter = new EventTypeCounter(meters, meterPrefix());
    return List.of(new Input<>(Topics.VALIDATIONS, counter.handler()));
  }

}
