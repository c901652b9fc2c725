package io.windowops.platform.metrics;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * The process's one Prometheus meter registry. In production a process runs one service, so
 * {@code /metrics} shows exactly that service; in local mode every service shows the same,
 * whole-process registry. WindowOps meters are named {@code windowops.<service>.<thing>}.
 */
public final class Meters {

  private static final PrometheusMeterRegistry REGISTRY = create();

  private Meters() {}

  public static PrometheusMeterRegistry registry() {
    return REGISTRY;
  }

  /** A Vert.x instance whose HTTP, pool and event-bus metrics land in {@link #registry()}. */
  public static Vertx newVertx() {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(REGISTRY))
        .build();
  }

  private static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }
}
