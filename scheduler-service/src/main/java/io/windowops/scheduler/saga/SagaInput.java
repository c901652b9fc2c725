package io.windowops.scheduler.saga;

import io.windowops.events.EventMetadata;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;

/**
 * Everything that can happen to a window, as the saga sees it: one record from one of the
 * scheduler's input topics (all keyed by window id and co-partitioned). Timers arrive as {@code
 * TimerFired} requests written by the scheduler to itself, so a replay sees them in order.
 */
public sealed interface SagaInput {

  /** The input's metadata; {@code eventId} makes redelivery idempotent. */
  EventMetadata metadata();

  /**
   * A record from {@code windowops.requests.v1}: a command, a timer the scheduler recorded for
   * itself, or the admission owner's answer to a slot claim. Nothing else is needed to decide it,
   * so a replay of the recorded inputs reproduces every decision exactly.
   */
  record Request(RequestEnvelope envelope) implements SagaInput {
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
