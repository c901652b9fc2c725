package io.windowops.platform.service;

import io.vertx.core.Vertx;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.metrics.Meters;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one service in its own process (production: one container per service): deploys it on a
 * Vert.x instance whose metrics feed {@code /metrics}, and undeploys it gracefully on SIGTERM or
 * Ctrl-C so that consumers commit what they finished.
 */
public final class ServiceLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private ServiceLauncher() {}

  public static void run(Function<WindowOpsConfig, WindowOpsService> factory) {
    WindowOpsConfig config = WindowOpsConfig.load();
    Vertx vertx = Meters.newVertx();
    WindowOpsService service = factory.apply(config);
    vertx
        .deployVerticle(service)
        .onSuccess(id -> LOG.info("{} deployed; ready once Kafka and the registry answer", service.name()))
        .onFailure(
            e -> {
              LOG.error("{} failed to start", service.name(), e);
              vertx.close();
              System.exit(1);
            });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping {}", service.name());
                  try {
                    vertx.close().toCompletionStage().toCompletableFuture()
                        .get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    LOG.warn("{} did not stop cleanly: {}", service.name(), e.toString());
                  }
                },
                "windowops-shutdown"));
  }
}
