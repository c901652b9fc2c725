package io.windowops.executor.runner;

import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.ExecutionRecord;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.StepStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds outcome envelopes. The event id is a name-based UUID of windowId/stepId/attempt/kind/
 * status, so a republished or replayed outcome carries the same id and consumers deduplicate it.
 */
final class Outcomes {

  static final String ACTOR = "executor";

  private Outcomes() {}

  static String eventId(String windowId, String stepId, int attempt, ExecutionKind kind, StepStatus status) {
    String name = "windowops/step-outcome/" + windowId + "/" + stepId + "/" + attempt + "/" + kind + "/" + status;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static StepResultEnvelope envelope(String windowId, StepOutcome outcome, String causationId, String correlationId) {
    return StepResultEnvelope.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(eventId(windowId, outcome.getStepId(), outcome.getAttempt(), outcome.getKind(), outcome.getStatus()))
                .setWindowId(windowId)
                .setSequence(0)
                .setOccurredAt(outcome.getFinishedAt() != null ? outcome.getFinishedAt() : outcome.getStartedAt())
                .setCausationId(causationId)
                .setCorrelationId(correlationId)
                .setActor(ACTOR)
                .build())
        .setPayload(outcome)
        .build();
  }

  static StepOutcome started(StepCommand c, Instant startedAt, boolean idempotent) {
    return base(c.stepId(), c.kind(), c.attempt(), c.action(), startedAt).setStatus(StepStatus.STARTED).setIdempotent(idempotent).build();
  }

  static StepOutcome.Builder base(String stepId, ExecutionKind kind, int attempt, String action, Instant startedAt) {
    return StepOutcome.newBuilder()
        .setStepId(stepId)
        .setKind(kind)
        .setAttempt(attempt)
        .setAction(action)
        .setStartedAt(startedAt);
  }

  /** The outcome recorded by a FINISHED entry, marked as republished. */
  static StepOutcome replayed(ExecutionRecord entry) {
    return StepOutcome.newBuilder(entry.getOutcome()).setReplayed(true).build();
  }
}
