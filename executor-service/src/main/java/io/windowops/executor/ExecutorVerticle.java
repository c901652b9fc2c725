package io.windowops.executor;

import io.vertx.core.Future;
import io.windowops.executor.action.ActionRunners;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import io.windowops.executor.freeze.GlobalFreeze;
import io.windowops.executor.ledger.ExecutionLedger;
import io.windowops.executor.ledger.LedgerWriter;
import io.windowops.executor.runner.StepRunner;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs runbook steps from the operator catalog and their compensations, keeping an execution
 * ledger: consumes {@code RunStep}/{@code CompensateStep} from {@link Topics#STEPS} and publishes
 * {@code StepOutcome}s on {@link Topics#STEP_RESULTS}.
 *
 * <p>A global emergency freeze ({@code FreezeAll}/{@code Unfreeze} on {@link Topics#REQUESTS},
 * see {@link GlobalFreeze}) holds new steps until it is lifted; compensations still run. No
 * command is decided before the freeze state is loaded, and the service is ready only then.
 *
 * <p>Configuration: {@value #CATALOG} (path of the action catalog YAML; without it every step
 * fails naming the missing action) and {@value #CONCURRENCY} (steps run at once, default 4).
 */
public final class ExecutorVerticle extends WindowOpsService {

  public static final String CATALOG = "WINDOWOPS_EXECUTOR_CATALOG";
  public static final String CONCURRENCY = "WINDOWOPS_EXECUTOR_CONCURRENCY";

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorVerticle.class);

  private ExecutionLedger ledger;
  private LedgerWriter writer;
  private ActionRunners runners;
  private StepRunner runner;
  private GlobalFreeze freeze;

  public ExecutorVerticle(WindowOpsConfig config) {
    super("executor", config);
  }

  @Override
  public Future<?> start() {
    ActionCatalog catalog;
    int concurrency;
    try {
      catalog = loadCatalog();
      concurrency = config.get(CONCURRENCY, null) == null ? 4 : config.intValue(CONCURRENCY, 1, 256);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Future<?> started = super.start();
    String id = config.instanceId();
    ledger = new ExecutionLedger(config, registry(), name() + "-" + id + "-ledger");
    writer = new LedgerWriter(config, registry(), name() + "-" + id + "-ledger-writer", "windowops-executor-" + id);
    runners = new ActionRunners(vertx, System.getenv());
    runner = new StepRunner(vertx, context, catalog, ledger, writer, runners, concurrency, meters, meterPrefix(), id);
    freeze = new GlobalFreeze(config, registry(), name() + "-" + id + "-freeze",
        // The latest state when the context gets to it, so a quick freeze-and-lift never applies out of order.
        state -> context.runOnContext(v -> runner.freeze(freeze.state().frozen())));
    ledger.start();
    writer.start();
    freeze.start();
    Future.fromCompletionStage(ledger.loaded(), context)
        .compose(ignored -> freezeLoaded())
        .compose(ignored -> runner.resumeInterrupted())
        .onFailure(e -> LOG.error("Resolving interrupted runs failed; they resolve when their commands are redelivered", e));
    return started;
  }

  private ActionCatalog loadCatalog() {
    String path = config.get(CATALOG, null);
    if (path == null) {
      LOG.warn("{} is not set: the executor has no actions and every step will fail", CATALOG);
      return ActionCatalog.empty();
    }
    ActionCatalog catalog = CatalogLoader.load(Path.of(path));
    LOG.info("Loaded {} actions from {}", catalog.size(), path);
    return catalog;
  }

  /** The freeze state is known and applied to the runner (on the context). */
  private Future<Void> freezeLoaded() {
    return Future.fromCompletionStage(freeze.loaded(), context)
        .map(ignored -> {
          runner.freeze(freeze.state().frozen());
          return null;
        });
  }

  @Override
  protected List<Input<?>> inputs() {
    return List.of(new Input<>(Topics.STEPS, record -> freezeLoaded().compose(ignored -> runner.handle(record))));
  }

  /** Ready once the freeze state is loaded: before that, no step may start. */
  @Override
  protected Future<Void> startProcessing() {
    return freezeLoaded();
  }

  @Override
  public Future<?> stop() {
    if (runner != null) {
      runner.stop();
    }
    // Consumers stop first (finishing the command in hand), then running actions are killed:
    // their entries stay STARTED and read as interrupted at the next start.
    return super.stop()
        .eventually(() -> vertx.executeBlocking(() -> {
          if (runners != null) {
            runners.close();
            freeze.close();
            writer.close();
            ledger.close();
          }
          return null;
        }, false));
  }
}
