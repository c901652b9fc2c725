package io.windowops.validator;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.windowops.events.CriterionSpec;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationProgressState;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import io.windowops.validator.ledger.ProgressKeys;
import io.windowops.validator.ledger.ProgressReader;
import io.windowops.validator.ledger.ProgressWriter;
import io.windowops.validator.run.RunServices;
import io.windowops.validator.run.ValidatorMetrics;
import io.windowops.validator.run.Validations;
import io.windowops.validator.source.Measurer;
import io.windowops.validator.source.SourceSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks success criteria against Prometheus, Loki and health endpoints. A {@code ValidateWindow}
 * command is acknowledged as soon as it is recorded in the progress ledger ({@link
 * Topics#VALIDATOR_PROGRESS}); the instance owning that ledger partition then takes the
 * measurements on timers and publishes one {@code ValidationOutcome} with all of them. A
 * restarted or rebalanced validator resumes from the ledger and never reports a validation twice.
 */
public final class ValidatorVerticle extends WindowOpsService {

  private static final Logger LOG = LoggerFactory.getLogger(ValidatorVerticle.class);

  private final Clock clock;
  private final Promise<ProgressWriter> writerReady = Promise.promise();
  private ProgressWriter writer;
  private ProgressReader reader;
  private Measurer measurer;
  private Validations validations;
  private ValidatorMetrics metrics;

  public ValidatorVerticle(WindowOpsConfig config) {
    super("validator", config);
    this.clock = Clock.systemUTC();
  }

  @Override
  protected List<Input<?>> inputs() {
    return List.of(new Input<>(Topics.VALIDATIONS, this::accept));
  }

  @Override
  public Future<?> start() {
    SourceSettings sources = SourceSettings.from(config);
    return super.start()
        .onSuccess(
            started -> {
              measurer = new Measurer(vertx, sources, clock);
              writer = new ProgressWriter(vertx, config, registry());
              metrics =
                  new ValidatorMetrics(
                      meters, meterPrefix(), () -> validations == null ? 0 : validations.active());
              validations = new Validations(vertx, new RunServices(measurer, writer, metrics, clock));
              writerReady.complete(writer);
            });
  }

  /** Runs once the ledger topic exists: read it, and run the validations of the partitions we own. */
  @Override
  protected Future<Void> startProcessing() {
    return writerReady.future().map(w -> {
      reader = new ProgressReader(config, registry(), context, validations);
      reader.start();
      return null;
    });
  }

  /** Off the event loop: leaving the ledger group hands our validations to another instance. */
  @Override
  protected void stopProcessing() {
    if (reader != null) {
      reader.stop();
    }
  }

  @Override
  public Future<?> stop() {
    if (validations != null) {
      validations.close();
    }
    return super.stop()
        .compose(v -> writer == null ? Future.succeededFuture() : writer.close())
        .onComplete(v -> {
          if (measurer != null) {
            measurer.close();
          }
          if (metrics != null) {
            metrics.close();
          }
        });
  }

  /** Records the command as accepted; its offset is committed only once that is durable. */
  private Future<Void> accept(ConsumerRecord<String, ValidationCommandEnvelope> record) {
    ValidationCommandEnvelope envelope = record.value();
    if (!(envelope.getPayload() instanceof ValidateWindow command)) {
      LOG.warn("Ignoring unknown validation command {}", envelope.getPayload().getClass().getSimpleName());
      return Future.succeededFuture();
    }
    String windowId = envelope.getMetadata().getWindowId();
    checkCriterionIds(command);
    ValidationProgress accepted =
        ValidationProgress.newBuilder()
            .setWindowId(windowId)
            .setValidationId(command.getValidationId())
            .setCommandEventId(envelope.getMetadata().getEventId())
            .setCorrelationId(envelope.getMetadata().getCorrelationId())
            .setCommand(command)
            .setState(ValidationProgressState.RUNNING)
            .setStartedAt(Instant.ofEpochMilli(clock.millis()))
            .setOutcomeEventId(ProgressKeys.outcomeEventId(windowId, command.getValidationId()))
            .build();
    return writerReady
        .future()
        .compose(w -> w.record(ProgressKeys.acceptedKey(windowId, command.getValidationId()), accepted))
        .onSuccess(v -> {
          metrics.accepted();
          LOG.info("Accepted validation {} ({}, {} criteria)", command.getValidationId(), command.getPhase(),
              command.getCriteria().size());
        });
  }

  /** Measurements are told apart by criterion id, so ids must be unique within a command. */
  private static void checkCriterionIds(ValidateWindow command) {
    if (command.getValidationId() == null || command.getValidationId().isBlank()) {
      throw new IllegalArgumentException("ValidateWindow.validationId must not be blank");
    }
    Set<String> seen = new HashSet<>();
    for (CriterionSpec c : command.getCriteria()) {
      if (!seen.add(c.getCriterionId())) {
        throw new IllegalArgumentException(
            "ValidateWindow " + command.getValidationId() + ": criteria[].criterionId '" + c.getCriterionId()
                + "' is not unique");
      }
    }
  }
}
