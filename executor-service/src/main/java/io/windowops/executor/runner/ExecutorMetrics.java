package io.windowops.executor.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windowops.events.StepOutcome;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code windowops.executor.*}: steps by action, kind and status, durations, running and queued,
 * the global freeze ({@code frozen}, 1 or 0) and the steps it holds ({@code held}, also counted in
 * {@code queued}).
 */
final class ExecutorMetrics {

  private final MeterRegistry meters;
  private final String prefix;
  private final Gauge running;
  private final Gauge queued;
  private final Gauge frozen;
  private final Gauge held;

  ExecutorMetrics(
      MeterRegistry meters,
      String prefix,
      Supplier<Number> running,
      Supplier<Number> queued,
      Supplier<Number> frozen,
      Supplier<Number> held) {
    this.meters = meters;
    this.prefix = prefix;
    this.running = Gauge.builder(prefix + ".running", running).description("Steps running now").register(meters);
    this.queued =
        Gauge.builder(prefix + ".queued", queued).description("Steps waiting for a slot or their service").register(meters);
    this.frozen =
        Gauge.builder(prefix + ".frozen", frozen).description("1 while the global emergency freeze holds new steps, else 0").register(meters);
    this.held =
        Gauge.builder(prefix + ".held", held).description("Steps accepted but held by the global freeze").register(meters);
  }

  /** Unregisters the gauges, which point at this runner (a later executor in the JVM registers its own). */
  void close() {
    meters.remove(running);
    meters.remove(queued);
    meters.remove(frozen);
    meters.remove(held);
  }

  void finished(StepOutcome outcome, Duration took) {
    Counter.builder(prefix + ".steps")
        .description("Step and compensation runs by outcome")
        .tag("action", outcome.getAction())
        .tag("kind", outcome.getKind().name())
        .tag("status", outcome.getStatus().name())
        .register(meters)
        .increment();
    Timer.builder(prefix + ".step.duration")
        .description("Time from start to outcome of one run")
        .tag("action", outcome.getAction())
        .tag("status", outcome.getStatus().name())
        .register(meters)
        .record(took);
  }

  void replayed(String action) {
    Counter.builder(prefix + ".replays")
        .description("Redelivered commands answered from the ledger without running again")
        .tag("action", action)
        .register(meters)
        .increment();
  }
}
