package io.windowops.validator.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windowops.events.CriterionKind;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The validator's meters, named {@code windowops.validator.*}. */
public final class ValidatorMetrics {

  private final MeterRegistry registry;
  private final String prefix;
  private final io.micrometer.core.instrument.Gauge active;

  public ValidatorMetrics(MeterRegistry registry, String prefix, Supplier<Number> active) {
    this.registry = registry;
    this.prefix = prefix;
    this.active =
        io.micrometer.core.instrument.Gauge.builder(prefix + ".validations.active", active)
            .description("Validations this instance is running")
            .register(registry);
  }

  void measured(CriterionKind kind, Verdict verdict, long nanos) {
    Counter.builder(prefix + ".measurements")
        .description("Measurements taken, by criterion kind and verdict")
        .tag("kind", kind.name().toLowerCase())
        .tag("verdict", verdict.name().toLowerCase())
        .register(registry)
        .increment();
    Timer.builder(prefix + ".measurement.duration")
        .description("Time to take one measurement")
        .tag("kind", kind.name().toLowerCase())
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void reported(ValidationPhase phase, Verdict verdict) {
    Counter.builder(prefix + ".outcomes")
        .description("Validation outcomes published, by phase and verdict")
        .tag("phase", phase.name().toLowerCase())
        .tag("verdict", verdict.name().toLowerCase())
        .register(registry)
        .increment();
  }

  void resumed() {
    Counter.builder(prefix + ".validations.resumed")
        .description("Validations resumed from recorded measurements after a restart or rebalance")
        .register(registry)
        .increment();
  }

  public void accepted() {
    Counter.builder(prefix + ".validations.accepted")
        .description("ValidateWindow commands accepted (recorded in the ledger)")
        .register(registry)
        .increment();
  }

  /** Removes the gauge, which refers to this instance (the registry is the process's). */
  public void close() {
    registry.remove(active);
  }
}
