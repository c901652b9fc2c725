package io.windowops.scheduler.saga;

import io.windowops.events.EventMetadata;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.util.List;

/**
 * Everything that can happen to a window, as the saga sees it: one record from one of the
 * scheduler's input topics (all keyed by window id and co-partitioned). Timers arrive as {@code
 * TimerFired} requests written by the scheduler to itself, so a replay sees them in order.
 */
public sealed interface SagaInput {

  /** The input's metadata; {@code eventId} makes redelivery idempotent. */
  EventMetadata metadata();

  /**
   * A command from {@code windowops.requests.v1}. {@code others} are the windows the runtime
   * knows of (all partitions) that could conflict, for the policy's conflict check; the saga
   * reads it only when it plans a window.
   */
  record Request(RequestEnvelope envelope, List<Reservation> others) implements SagaInput {
    @Override
    public EventMetadata metadata() {
      return envelope.getMetadata();
    }
  }

  /** A step or compensation outcome from the executor. */
  record StepResult(StepResultEnvelope envelope) implements SagaInput {
    @Override
    public EventMetadata metadata() {
      return envelope.getMetadata();
    }
  }

  /** A validation outcome from the validator. */
  record ValidationResult(ValidationResultEnvelope envelope) implements SagaInput {
    @Override
    public EventMetadata metadata() {
      return envelope.getMetadata();
    }
  }

  /** A delivery fact from the notifier: the notice gate counts delivered notices. */
  record NotificationResult(NotificationEnvelope envelope) implements SagaInput {
    @Override
    public EventMetadata metadata() {
      return envelope.getMetadata();
    }
  }
}
