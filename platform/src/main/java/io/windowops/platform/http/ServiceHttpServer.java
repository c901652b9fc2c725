package io.windowops.platform.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * The HTTP server every service runs: {@code /health/live} (the event loop answers and every
 * registered liveness check passes), {@code /health/ready} (every registered readiness check
 * passes; 503 with the failing check otherwise)
 * and {@code /metrics} (Prometheus text format). Services add their own routes to {@link
 * #router()} before {@link #listen}.
 */
public final class ServiceHttpServer {

  /** Request bodies above this size are refused with 413 before any handler sees them. */
  public static final long MAX_BODY_BYTES = 1024 * 1024;

  private final Vertx vertx;
  private final Router router;
  private final HealthChecks readiness;
  private final HealthChecks liveness;
  private HttpServer server;

  public ServiceHttpServer(Vertx vertx, PrometheusMeterRegistry meters) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    this.readiness = HealthChecks.create(vertx);
    this.liveness =
        HealthChecks.create(vertx).register("event-loop", promise -> promise.complete(Status.OK()));
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router
        .get("/metrics")
        .handler(
            ctx ->
                vertx
                    .executeBlocking(meters::scrape, false)
                    .onSuccess(
                        text ->
                            ctx.response()
                                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(text))
                    .onFailure(ctx::fail));
  }

  public Router router() {
    return router;
  }

  /** Readiness checks: a service registers one per dependency it cannot work without. */
  public HealthChecks readiness() {
    return readiness;
  }

  /** Liveness checks: fail only for what a restart of the process would cure (a dead thread). */
  public HealthChecks liveness() {
    return liveness;
  }

  /** Starts listening; {@code port} 0 picks a free port. Completes with the bound port. */
  public Future<Integer> listen(String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(port, host)
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
