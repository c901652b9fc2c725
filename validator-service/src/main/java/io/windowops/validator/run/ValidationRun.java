package io.windowops.validator.run;

import io.vertx.core.Vertx;
import io.windowops.events.CriterionSpec;
import io.windowops.events.EventMetadata;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationProgressState;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.validator.criteria.CriterionTally;
import io.windowops.validator.criteria.Reading;
import io.windowops.validator.criteria.ValidationTally;
import io.windowops.validator.ledger.ProgressKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One validation in progress on the verticle's context. Measurement <i>n</i> of a criterion is due
 * at {@code startedAt + (n - 1) * intervalSeconds}; each is taken on a Vert.x timer (nothing ever
 * waits), recorded in the ledger, and judged. When the validation is finished the outcome is
 * published with every measurement. Started from a ledger entry with measurements, it resumes
 * where the entry left off; measurements that fell due while no validator ran are taken at once.
 */
final class ValidationRun {

  private static final Logger LOG = LoggerFactory.getLogger(ValidationRun.class);
  private static final long REPORT_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final RunServices services;
  private final ValidationProgress start;
  private final ValidateWindow command;
  private final Instant startedAt;
  private final List<Measurement> measurements;
  private final Map<String, Long> timers = new HashMap<>();
  private final int partition;
  private final Runnable onReported;
  private boolean stopped;
  private boolean finished;

  ValidationRun(Vertx vertx, RunServices services, ValidationProgress entry, Runnable onReported) {
    this.vertx = vertx;
    this.services = services;
    this.start = entry;
    this.command = entry.getCommand();
    this.startedAt = entry.getStartedAt();
    this.measurements = new ArrayList<>(entry.getMeasurements());
    this.partition = ProgressKeys.partition(entry.getWindowId());
    this.onReported = onReported;
  }

  int partition() {
    return partition;
  }

  String windowId() {
    return start.getWindowId();
  }

  void begin() {
    ValidationTally tally = ValidationTally.of(command, measurements);
    if (tally.finished()) {
      finish(tally);
      return;
    }
    for (CriterionSpec spec : command.getCriteria()) {
      if (!tally.criterion(spec.getCriterionId()).decided()) {
        scheduleNext(spec);
      }
    }
  }

  /** Stops without reporting; whoever owns the ledger partition next resumes from the ledger. */
  void stop() {
    stopped = true;
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
  }

  private void scheduleNext(CriterionSpec spec) {
    int taken = taken(spec.getCriterionId());
    long due = startedAt.toEpochMilli() + taken * Math.max(0L, spec.getIntervalSeconds()) * 1000L;
    long delay = Math.max(1, due - services.clock().millis());
    timers.put(spec.getCriterionId(), vertx.setTimer(delay, id -> measure(spec)));
  }

  private void measure(CriterionSpec spec) {
    timers.remove(spec.getCriterionId());
    if (stopped || finished) {
      return;
    }
    long began = System.nanoTime();
    services
        .measurer()
        .measure(spec, command)
        .onSuccess(
            reading -> {
              services.metrics().measured(spec.getKind(), reading.verdict(), System.nanoTime() - began);
              if (!stopped && !finished) {
                record(spec, reading);
              }
            });
  }

  private void record(CriterionSpec spec, Reading reading) {
    Measurement m =
        Measurement.newBuilder()
            .setCriterionId(spec.getCriterionId())
            .setIndex(taken(spec.getCriterionId()) + 1)
            .setValue(reading.value() == null || reading.value().isNaN() ? null : reading.value())
            .setObservedAt(Instant.ofEpochMilli(services.clock().millis()))
            .setVerdict(reading.verdict())
            .setDetail(reading.detail())
            .build();
    measurements.add(m);
    withWindow(() -> LOG.info("Validation {} criterion {} measurement {}: {} ({})",
        command.getValidationId(), spec.getCriterionId(), m.getIndex(), m.getVerdict(), m.getDetail()));
    ValidationTally tally = ValidationTally.of(command, measurements);
    if (tally.finished()) {
      finish(tally);
      return;
    }
    String key = ProgressKeys.progressKey(windowId(), command.getValidationId());
    services
        .writer()
        .record(key, snapshot(ValidationProgressState.RUNNING, null))
        .onFailure(
            e ->
                LOG.warn(
                    "Could not record progress of validation {} (the next measurement records it): {}",
                    command.getValidationId(),
                    e.toString()));
    CriterionTally own = tally.criterion(spec.getCriterionId());
    if (!own.decided()) {
      scheduleNext(spec);
    }
  }

  private void finish(ValidationTally tally) {
    finished = true;
    timers.values().forEach(vertx::cancelTimer);
    timers.clear();
    ValidationOutcome outcome = tally.outcome(measurements, startedAt);
    ValidationResultEnvelope envelope =
        ValidationResultEnvelope.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(start.getOutcomeEventId())
                    .setWindowId(windowId())
                    .setSequence(0)
                    .setOccurredAt(Instant.ofEpochMilli(services.clock().millis()))
                    .setCausationId(start.getCommandEventId())
                    .setCorrelationId(start.getCorrelationId())
                    .setActor("validator")
                    .build())
            .setPayload(outcome)
            .build();
    report(snapshot(ValidationProgressState.REPORTED, outcome), envelope);
  }

  private void report(ValidationProgress reported, ValidationResultEnvelope envelope) {
    if (stopped) {
      return;
    }
    services.writer()
        .report(reported, envelope)
        .onSuccess(
            v -> {
              ValidationOutcome o = (ValidationOutcome) envelope.getPayload();
              services.metrics().reported(o.getPhase(), o.getVerdict());
              withWindow(
                  () ->
                      LOG.info(
                          "Validation {} ({}) finished {} after {} measurements; failed {}, inconclusive {}",
                          o.getValidationId(),
                          o.getPhase(),
                          o.getVerdict(),
                          o.getMeasurements().size(),
                          o.getFailedCriteria(),
                          o.getInconclusiveCriteria()));
              onReported.run();
            })
        .onFailure(
            e -> {
              LOG.warn("Could not report validation {}, retrying: {}", command.getValidationId(), e.toString());
              vertx.setTimer(REPORT_RETRY_MS, id -> report(reported, envelope));
            });
  }

  private ValidationProgress snapshot(ValidationProgressState state, ValidationOutcome outcome) {
    return ValidationProgress.newBuilder(start)
        .setState(state)
        .setMeasurements(List.copyOf(measurements))
        .setOutcome(outcome)
        .build();
  }

  private int taken(String criterionId) {
    return (int) measurements.stream().filter(m -> m.getCriterionId().equals(criterionId)).count();
  }

  private void withWindow(Runnable log) {
    MDC.put("windowId", windowId());
    try {
      log.run();
    } finally {
      MDC.remove("windowId");
    }
  }
}
