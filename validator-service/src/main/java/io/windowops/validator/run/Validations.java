package io.windowops.validator.run;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.events.ValidationProgress;
import io.windowops.validator.ledger.LedgerEntry;
import io.windowops.validator.ledger.ProgressReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the validations of the ledger partitions this instance owns, on the verticle's context:
 * the {@link LedgerView} decides what to start, this class starts and stops the runs.
 */
public final class Validations implements ProgressReader.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(Validations.class);

  private final Vertx vertx;
  private final RunServices services;
  private final LedgerView view = new LedgerView();
  private final Map<String, ValidationRun> running = new HashMap<>();
  private boolean closed;

  public Validations(Vertx vertx, RunServices services) {
    this.vertx = vertx;
    this.services = services;
  }

  public int active() {
    return running.size();
  }

  @Override
  public void entries(List<LedgerEntry> entries, boolean caughtUp) {
    List<LedgerEntry> start = view.apply(entries, caughtUp && !closed);
    start.forEach(this::begin);
  }

  /**
   * Stops the validations of revoked partitions, then waits for the ledger writes already queued
   * (a report among them) to finish: the next owner must read them, or it would report again.
   */
  @Override
  public Future<Void> revoked(Set<Integer> partitions) {
    for (String key : view.revoke(partitions)) {
      ValidationRun run = running.remove(key);
      if (run != null) {
        run.stop();
      }
    }
    return services.writer().drained();
  }

  /** Stops every run without reporting (shutdown); the ledger keeps their progress. */
  public void close() {
    closed = true;
    running.values().forEach(ValidationRun::stop);
    running.clear();
    view.clearRunning();
  }

  private void begin(LedgerEntry entry) {
    ValidationProgress p = entry.progress();
    String key = entry.validationKey();
    if (!entry.accepted()) {
      services.metrics().resumed();
      LOG.info("Resuming validation {} of window {} from {} recorded measurements",
          p.getValidationId(), p.getWindowId(), p.getMeasurements().size());
    }
    ValidationRun run =
        new ValidationRun(vertx, services, p, () -> {
          running.remove(key);
          view.reported(key);
        });
    running.put(key, run);
    run.begin();
  }
}
