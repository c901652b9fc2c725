package io.windowops.scheduler.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.policy.MaintenancePolicy.RecurringOccurrence;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import io.windowops.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the policy's recurring windows (e.g. "weekly backup verification, Sunday 03:00") into
 * concrete window requests ahead of time: the next {@code ahead} occurrences that policy allows
 * today are requested like any other window, through {@code windowops.requests.v1}. Occurrences
 * policy would refuse (inside a freeze, say) are skipped; {@code GET /recurring/{id}/preview}
 * shows them with their reasons. Every instance may run this: an occurrence's window id and
 * event id are derived from the recurring window and its date, so the saga creates it once.
 */
public final class RecurringExpansion implements AutoCloseable {

  public static final String LABEL = "recurring";
  private static final Logger LOG = LoggerFactory.getLogger(RecurringExpansion.class);

  private final MaintenancePolicy policy;
  private final WindowReadModel readModel;
  private final Producer<String, RequestEnvelope> requests;
  private final Clock clock;
  private final int ahead;
  private final Counter submitted;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scheduler-recurring");
            t.setDaemon(true);
            return t;
          });

  public RecurringExpansion(
      MaintenancePolicy policy,
      WindowReadModel readModel,
      Producer<String, RequestEnvelope> requests,
      Clock clock,
      int ahead,
      MeterRegistry meters) {
    this.policy = policy;
    this.readModel = readModel;
    this.requests = requests;
    this.clock = clock;
    this.ahead = ahead;
    this.submitted =
        Counter.builder("windowops.scheduler.recurring.requested")
            .description("Occurrences of recurring windows requested ahead of time")
            .register(meters);
  }

  /** Expands now and then every {@code period}. */
  public void start(Duration period) {
    timer.scheduleAtFixedRate(this::expandSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Requests every allowed upcoming occurrence not known yet; returns how many. */
  int expand() {
    Instant now = clock.instant();
    int count = 0;
    for (String id : policy.recurringWindows().stream().sorted().toList()) {
      for (RecurringOccurrence occurrence : policy.preview(id, now, ahead, now, List.of())) {
        WindowPlan plan = occurrence.plan();
        if (occurrence.allowed() && readModel.window(plan.windowId()).isEmpty()) {
          String title = policy.recurringTitle(id).orElse(id);
          requests.send(
              new ProducerRecord<>(Topics.REQUESTS.name(), plan.windowId(), request(id, title, policy.recurringSteps(id), plan, now)),
              (metadata, error) -> {
                if (error != null) {
                  LOG.warn("Cannot request {} (retried at the next period): {}", plan.windowId(), error.toString());
                }
              });
          submitted.increment();
          count++;
        }
      }
    }
    return count;
  }

  private void expandSafely() {
    try {
      int count = expand();
      if (count > 0) {
        LOG.info("Requested {} upcoming occurrences of recurring windows", count);
      }
    } catch (RuntimeException e) {
      LOG.warn("Expanding recurring windows failed; next try at the next period", e);
    }
  }

  private static RequestEnvelope request(
      String recurringId, String title, List<StepSpec> steps, WindowPlan plan, Instant now) {
    String eventId =
        UUID.nameUUIDFromBytes(("recurring/" + plan.windowId()).getBytes(StandardCharsets.UTF_8)).toString();
    return RequestEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(eventId)
                .setWindowId(plan.windowId())
                .setOccurredAt(now)
                .setCorrelationId(recurringId)
                .setActor("scheduler-recurring")
                .build())
        .setPayload(
            MaintenanceRequested.newBuilder()
                .setTitle(title)
                .setServices(plan.services())
                .setEnvironment(plan.environment())
                .setMaintenanceType(plan.type())
                .setRequestedStart(plan.start())
                .setRequestedEnd(plan.end())
                .setRequester(plan.requester())
                .setSteps(steps)
                .setLabels(Map.of(LABEL, recurringId))
                .build())
        .build();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
