package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A consumer's health")
class ConsumerHealthTest {

  private static final Duration STALL_LIMIT = Duration.ofMinutes(5);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final ConsumerHealth health = ConsumerHealth.register("input-steps", "windowops.executor", meters, clock);

  @Test
  @DisplayName("is live but not ready while a new client waits for its partitions, and ready once assigned")
  void readyOnlyWhenAssigned() {
    health.starting(Thread.currentThread());
    assertThat(health.report(STALL_LIMIT)).extracting(ConsumerHealth.Report::live, ConsumerHealth.Report::ready)
        .containsExactly(true, false);

    health.assigned();
    assertThat(health.report(STALL_LIMIT).ready()).isTrue();
    assertThat(health.state()).isEqualTo(ConsumerHealth.State.RUNNING);
  }

  @Test
  @DisplayName("is not ready while restarting, counts the restart in windowops.<service>.consumer.restarts and names the error")
  void restartingIsNotReady() {
    health.starting(Thread.currentThread());
    health.assigned();
    health.restarting(new IllegalStateException("commit failed"));

    ConsumerHealth.Report report = health.report(STALL_LIMIT);
    assertThat(report.live()).isTrue();
    assertThat(report.ready()).isFalse();
    assertThat(report.details()).containsEntry("state", "RESTARTING").containsEntry("restarts", 1L)
        .containsEntry("lastError", "java.lang.IllegalStateException: commit failed");
    assertThat(meters.get("windowops.executor.consumer.restarts").tag("consumer", "input-steps").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  @DisplayName("is not live once it has not polled for longer than the stall limit")
  void stalledIsNotLive() {
    health.starting(Thread.currentThread());
    health.assigned();
    clock.advance(STALL_LIMIT);
    assertThat(health.report(STALL_LIMIT).live()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    assertThat(health.report(STALL_LIMIT)).extracting(ConsumerHealth.Report::live, ConsumerHealth.Report::ready)
        .containsExactly(false, false);

    health.polled();
    assertThat(health.report(STALL_LIMIT).live()).isTrue();
  }

  @Test
  @DisplayName("is not live when its thread has died or the loop has stopped")
  void deadThreadIsNotLive() throws Exception {
    Thread finished = new Thread(() -> {});
    finished.start();
    finished.join();
    health.starting(finished);
    health.assigned();
    assertThat(health.report(STALL_LIMIT).live()).isFalse();
    assertThat(health.report(STALL_LIMIT).details()).containsEntry("threadAlive", false);

    health.starting(Thread.currentThread());
    health.stopped();
    assertThat(health.report(STALL_LIMIT).live()).isFalse();
  }

  @Test
  @DisplayName("of a loop that only says whether it is assigned follows that answer and ignores polls")
  void probing() {
    AtomicBoolean assigned = new AtomicBoolean(false);
    ConsumerHealth saga = ConsumerHealth.probing("saga", "windowops.scheduler", meters, assigned::get);
    saga.starting(Thread.currentThread());
    assertThat(saga.report(Duration.ZERO)).extracting(ConsumerHealth.Report::live, ConsumerHealth.Report::ready)
        .containsExactly(true, false);

    assigned.set(true);
    assertThat(saga.report(Duration.ZERO)).extracting(ConsumerHealth.Report::live, ConsumerHealth.Report::ready)
        .containsExactly(true, true);

    saga.restarting(new IllegalStateException("the saga loop stopped"));
    assertThat(saga.report(Duration.ZERO).ready()).isFalse();
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
