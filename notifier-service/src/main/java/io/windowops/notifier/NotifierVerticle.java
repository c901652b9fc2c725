package io.windowops.notifier;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.EventTypeCounter;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import java.util.List;

/**
 * Fans window events out to Slack, email and status pages, exactly once per message. Channels
 * arrive with the notifier issue; this verticle already consumes {@code windowops.windows.v1},
 * counts events by type and serves health and metrics.
 */
public final class NotifierVerticle extends WindowOpsService {

  public NotifierVerticle(WindowOpsConfig config) {
    super("notifier", config);
  }

  @Override
  protected List<Input<?>> inputs() {
    EventTypeCounter counter = new EventTypeCounter(meters, meterPrefix());
    return List.of(new Input<>(Topics.WINDOWS, counter.handler()));
  }

}
