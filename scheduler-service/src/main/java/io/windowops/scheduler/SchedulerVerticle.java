package io.windowops.scheduler;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.api.ApiTokens;
import io.windowops.scheduler.api.WindowsApi;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.runtime.RecurringExpansion;
import io.windowops.scheduler.runtime.SchedulerRuntime;
import io.windowops.scheduler.runtime.WindowReadModel;
import io.windowops.scheduler.saga.WindowSaga;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Owns each window's life: takes requests from the REST API and from {@code
 * windowops.requests.v1} (deploy pipelines), step, validation and notification results, runs the
 * window saga in an exactly-once transactional loop with durable timers, and serves the API.
 * The policy and the API tokens are loaded, and validated, before anything starts.
 */
public final class SchedulerVerticle extends WindowOpsService {

  public static final String POLICY_FILE = "WINDOWOPS_POLICY_FILE";
  public static final String API_TOKENS_FILE = "WINDOWOPS_API_TOKENS_FILE";
  /** How many upcoming occurrences of each recurring window are requested ahead of time. */
  public static final String RECURRING_AHEAD = "WINDOWOPS_RECURRING_AHEAD";
  private static final Duration RECURRING_PERIOD = Duration.ofHours(1);

  private final Clock clock;
  private final MaintenancePolicy policy;
  private final ApiTokens tokens;
  private volatile SchedulerRuntime runtime;
  private RecurringExpansion recurring;

  public SchedulerVerticle(WindowOpsConfig config) {
    this(config, Clock.systemUTC());
  }

  public SchedulerVerticle(WindowOpsConfig config, Clock clock) {
    super("scheduler", config);
    this.clock = clock;
    this.policy = MaintenancePolicy.load(Path.of(config.require(POLICY_FILE)));
    this.tokens = ApiTokens.load(Path.of(config.require(API_TOKENS_FILE)));
  }

  /** Every window as this instance sees it (null until the processing started). */
  public WindowReadModel readModel() {
    SchedulerRuntime current = runtime;
    return current == null ? null : current.readModel();
  }

  /** The read model and the saga loop, reported by the health endpoints with the inputs. */
  @Override
  protected List<ConsumerHealth> otherConsumers() {
    SchedulerRuntime current = runtime;
    return current == null ? List.of() : current.consumers();
  }

  /** The saga loop consumes its inputs itself (transactionally), not through input consumers. */
  @Override
  protected List<Input<?>> inputs() {
    return List.of();
  }

  @Override
  protected void addRoutes(Router router) {
    new WindowsApi(vertx, tokens, policy, () -> runtime, clock).mount(router);
  }

  @Override
  protected Future<Void> startProcessing() {
    return vertx.executeBlocking(
        () -> {
          SchedulerRuntime started = new SchedulerRuntime(config, registry(), new WindowSaga(policy)::decide, new Admission(policy), clock, meters);
          started.start();
          runtime = started;
          recurring =
              new RecurringExpansion(
                  policy, started.readModel(), started.requests(), clock, config.intValue(RECURRING_AHEAD, 0, 52), meters);
          recurring.start(RECURRING_PERIOD);
          return null;
        },
        false);
  }

  @Override
  protected void stopProcessing() {
    if (recurring != null) {
      recurring.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }
}
