package io.windowops.scheduler.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windowops.events.Deadline;
import io.windowops.events.EventMetadata;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.TimerFired;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable timers: the deadlines live in each window's state (so they survive any crash); this
 * service arms an in-memory timer per deadline of the windows this instance owns and, when one is
 * due, writes a {@code TimerFired} request for the window back to {@code windowops.requests.v1},
 * where the saga consumes it like any other input (so a replay sees it in order). Past deadlines
 * fire at once (catch-up after a restart or a rebalance). A timer fired twice is harmless: its
 * event id is derived from the deadline, and the saga ignores a processed event id or a deadline
 * it no longer holds.
 */
final class TimerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TimerService.class);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Producer<String, RequestEnvelope> producer;
  private final Clock clock;
  private final Timer lateness;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scheduler-timers");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, List<ScheduledFuture<?>>> armed = new ConcurrentHashMap<>();

  TimerService(Producer<String, RequestEnvelope> producer, Clock clock, MeterRegistry meters) {
    this.producer = producer;
    this.clock = clock;
    this.lateness =
        Timer.builder("windowops.scheduler.timer.lateness")
            .description("How late a deadline's TimerFired was written after its due time")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
  }

  /** Replaces the window's armed timers with its current deadlines. */
  void arm(WindowStateSnapshot state) {
    cancel(state.getWindowId());
    List<ScheduledFuture<?>> futures = new java.util.ArrayList<>();
    state.getDeadlines().forEach(d -> futures.add(schedule(state.getWindowId(), d)));
    if (!futures.isEmpty()) {
      armed.put(state.getWindowId(), futures);
    }
  }

  void cancel(String windowId) {
    List<ScheduledFuture<?>> futures = armed.remove(windowId);
    if (futures != null) {
      futures.forEach(f -> f.cancel(false));
    }
  }

  int armedWindows() {
    return armed.size();
  }

  private ScheduledFuture<?> schedule(String windowId, Deadline deadline) {
    long delay = Math.max(0, Duration.between(clock.instant(), deadline.getDueAt()).toMillis());
    return scheduler.schedule(() -> fire(windowId, deadline), delay, TimeUnit.MILLISECONDS);
  }

  private void fire(String windowId, Deadline deadline) {
    Instant now = clock.instant();
    RequestEnvelope envelope =
        RequestEnvelope.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(timerEventId(windowId, deadline))
                    .setWindowId(windowId)
                    .setOccurredAt(now)
                    .setActor("scheduler-timer")
                    .build())
            .setPayload(
                TimerFired.newBuilder()
                    .setTimerId(deadline.getTimerId())
                    .setKind(deadline.getKind())
                    .setDueAt(deadline.getDueAt())
                    .setSubject(deadline.getSubject())
                    .build())
            .build();
    producer.send(
        new ProducerRecord<>(Topics.REQUESTS.name(), windowId, envelope),
        (metadata, error) -> {
          if (error == null) {
            Duration late = Duration.between(deadline.getDueAt(), now);
            lateness.record(late.isNegative() ? Duration.ZERO : late);
          } else {
            LOG.warn("Cannot write TimerFired {} for {}, retrying: {}", deadline.getTimerId(), windowId, error.toString());
            scheduler.schedule(() -> fire(windowId, deadline), RETRY.toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  /** One event id per (window, deadline): a timer fired twice is one input for the saga. */
  static String timerEventId(String windowId, Deadline deadline) {
    String name = "timer/" + windowId + "/" + deadline.getTimerId() + "/" + deadline.getDueAt().toEpochMilli();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
