package io.windowops.scheduler.review;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One recorded fact about a window from any WindowOps topic: when it happened (its metadata's
 * {@code occurredAt}) and the envelope's payload ({@code WindowOpened}, {@code StepOutcome},
 * {@code ValidationOutcome}, {@code NotificationDelivered}, ...). Reviews are built from these
 * alone, so the REST API (from its read model) and the CLI (from the topics) agree.
 */
public record Fact(Instant at, SpecificRecord payload) {}
