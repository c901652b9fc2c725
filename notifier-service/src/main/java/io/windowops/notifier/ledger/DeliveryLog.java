package io.windowops.notifier.ledger;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.NotificationEnvelope;
import io.windowops.schemas.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;

/**
 * Writes ledger entries and delivery facts with one transactional producer, so a finished entry
 * and its {@code NotificationDelivered}/{@code NotificationFailed} fact become visible together
 * or not at all: a ledger saying DELIVERED always means the scheduler's notice gate heard it.
 * Blocking producer calls run on ordered worker tasks, never on the event loop.
 */
public final class DeliveryLog implements AutoCloseable {

  private final Vertx vertx;
  private final DeliveryLedger ledger;
  private final KafkaProducer<String, SpecificRecord> producer;

  public DeliveryLog(Vertx vertx, DeliveryLedger ledger, Map<String, Object> transactionalSettings, SchemaRegistryClient registry) {
    this.vertx = vertx;
    this.ledger = ledger;
    this.producer = new KafkaProducer<>(transactionalSettings, new StringSerializer(), new AvroSerializer<>(registry));
  }

  /** Fences older producers with the same transactional id; blocking. */
  public void init() {
    producer.initTransactions();
  }

  /** Records that an attempt is about to start (before anything is sent). */
  public Future<Void> started(DeliveryRecord entry) {
    return write(entry, null);
  }

  /** Records the outcome and publishes the matching fact, atomically. */
  public Future<Void> finished(DeliveryRecord entry, String windowId, NotificationEnvelope fact) {
    return write(entry, new ProducerRecord<>(Topics.NOTIFICATIONS.name(), windowId, fact));
  }

  private Future<Void> write(DeliveryRecord entry, ProducerRecord<String, SpecificRecord> fact) {
    return vertx
        .<Long>executeBlocking(
            () -> {
              producer.beginTransaction();
              java.util.concurrent.Future<RecordMetadata> written;
              try {
                written = producer.send(new ProducerRecord<>(Topics.DELIVERIES.name(), entry.getDeliveryKey(), entry));
                if (fact != null) {
                  producer.send(fact);
                }
                producer.commitTransaction();
              } catch (RuntimeException e) {
                abortQuietly(e);
                throw e;
              }
              // Committed, so the send is complete: its offset orders it against followed records.
              return written.get().offset();
            },
            true)
        .onSuccess(offset -> ledger.put(entry, offset))
        .mapEmpty();
  }

  private void abortQuietly(RuntimeException cause) {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
