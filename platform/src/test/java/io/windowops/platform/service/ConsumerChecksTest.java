package io.windowops.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.ext.healthchecks.Status;
import io.windowops.platform.kafka.ConsumerHealth;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The consumers health check")
class ConsumerChecksTest {

  private static final Duration STALL_LIMIT = Duration.ofMinutes(5);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  @DisplayName("is ready only when every consumer is, and names each consumer's state either way")
  void readyWhenAllAre() {
    ConsumerHealth steps = running("input-steps");
    ConsumerHealth ledger = running("ledger");
    assertThat(ConsumerChecks.status(List.of(steps, ledger), STALL_LIMIT, ConsumerHealth.Report::ready).isOk()).isTrue();

    ledger.restarting(new IllegalStateException("boom"));
    Status status = ConsumerChecks.status(List.of(steps, ledger), STALL_LIMIT, ConsumerHealth.Report::ready);
    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getJsonObject("input-steps").getString("state")).isEqualTo("RUNNING");
    assertThat(status.getData().getJsonObject("ledger").getString("state")).isEqualTo("RESTARTING");
    assertThat(ConsumerChecks.status(List.of(steps, ledger), STALL_LIMIT, ConsumerHealth.Report::live).isOk()).isTrue();
  }

  @Test
  @DisplayName("is up for a service with no consumers (yet)")
  void noConsumers() {
    assertThat(ConsumerChecks.status(List.of(), STALL_LIMIT, ConsumerHealth.Report::live).isOk()).isTrue();
  }

  private ConsumerHealth running(String name) {
    ConsumerHealth health = ConsumerHealth.register(name, "windowops.test", meters, Clock.systemUTC());
    health.starting(Thread.currentThread());
    health.assigned();
    return health;
  }
}
