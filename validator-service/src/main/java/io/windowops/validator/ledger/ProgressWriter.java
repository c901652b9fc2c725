package io.windowops.validator.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the progress ledger, and the outcome together with its REPORTED entry, in Kafka
 * transactions, so an outcome is published exactly when the ledger says so. The transactional
 * producer is blocking and single-threaded: every write runs, in order, on one worker thread of
 * its own; the futures complete on the caller's context.
 */
public final class ProgressWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressWriter.class);

  private final WindowOpsConfig config;
  private final SchemaRegistryClient registry;
  private final String transactionalId;
  private final WorkerExecutor worker;
  private KafkaProducer<String, SpecificRecord> producer;

  public ProgressWriter(Vertx vertx, WindowOpsConfig config, SchemaRegistryClient registry) {
    this.config = config;
    this.registry = registry;
    // Stable per instance: a restarted instance fences the transactions its predecessor left open.
    this.transactionalId = "windowops-validator-" + config.instanceId();
    this.worker =
        vertx.createSharedWorkerExecutor(
            "validator-ledger-" + config.instanceId() + "-" + System.identityHashCode(this), 1);
  }

  /** Records a validation's progress entry (accepted or running) durably. */
  public Future<Void> record(String key, ValidationProgress entry) {
    return inTransaction(List.of(progressRecord(key, entry)));
  }

  /** Publishes the outcome and records the REPORTED entry atomically. */
  public Future<Void> report(ValidationProgress reported, ValidationResultEnvelope outcome) {
    String windowId = reported.getWindowId();
    return inTransaction(
        List.of(
            new ProducerRecord<>(Topics.VALIDATION_RESULTS.name(), ProgressKeys.partition(windowId), windowId, outcome),
            progressRecord(ProgressKeys.progressKey(windowId, reported.getValidationId()), reported)));
  }

  /** Completes once every write queued so far has finished, committed or not. */
  public Future<Void> drained() {
    return worker.executeBlocking(() -> null, true).mapEmpty();
  }

  public Future<Void> close() {
    return worker
        .executeBlocking(
            () -> {
              if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                producer = null;
              }
              return null;
            })
        .<Void>mapEmpty()
        .eventually(worker::close);
  }

  private static ProducerRecord<String, SpecificRecord> progressRecord(String key, ValidationProgress entry) {
    return new ProducerRecord<>(
        Topics.VALIDATOR_PROGRESS.name(), ProgressKeys.partition(entry.getWindowId()), key, entry);
  }

  private Future<Void> inTransaction(List<ProducerRecord<String, SpecificRecord>> records) {
    return worker.executeBlocking(
        () -> {
          KafkaProducer<String, SpecificRecord> p = producer();
          try {
            p.beginTransaction();
            for (ProducerRecord<String, SpecificRecord> r : records) {
              p.send(r);
            }
            p.commitTransaction();
            return null;
          } catch (RuntimeException e) {
            discard(p, e);
            throw e;
          }
        },
        true);
  }

  private KafkaProducer<String, SpecificRecord> producer() {
    if (producer == null) {
      KafkaProducer<String, SpecificRecord> p =
          new KafkaProducer<>(
              KafkaClientSettings.transactionalProducer(
                  config, "validator-" + config.instanceId() + "-ledger", transactionalId),
              new StringSerializer(),
              new AvroSerializer<>(registry));
      try {
        p.initTransactions();
      } catch (RuntimeException e) {
        p.close(Duration.ZERO);
        throw e;
      }
      producer = p;
    }
    return producer;
  }

  /** After a failed transaction the producer may be unusable; start afresh on the next write. */
  private void discard(KafkaProducer<String, SpecificRecord> p, RuntimeException cause) {
    LOG.warn("Ledger transaction failed, recreating the producer: {}", cause.toString());
    try {
      p.abortTransaction();
    } catch (RuntimeException ignored) {
      // Fenced or fatal: closing is all that is left.
    }
    p.close(Duration.ofSeconds(1));
    producer = null;
  }
}
