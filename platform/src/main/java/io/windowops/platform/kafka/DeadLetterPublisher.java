package io.windowops.platform.kafka;

import io.windowops.events.DeadLetter;
import io.windowops.events.DeadLetterHeader;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.schemas.Topic;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Parks a record that cannot be processed in {@code <topic>.dlq}: the original key, value and
 * headers byte for byte, where it came from, and why it failed, both in the {@link DeadLetter}
 * value and in {@code windowops.dlq.*} headers (readable without a schema). {@link #publish}
 * returns only once the broker has the dead letter, so the caller may then commit past it.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  public static final String HEADER_PREFIX = "windowops.dlq.";
  private static final int STACK_TRACE_LIMIT = 4_000;
  private static final long SEND_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, DeadLetter> producer;

  public DeadLetterPublisher(WindowOpsConfig config, SchemaRegistryClient registry, String clientId) {
    this.producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, clientId),
            new StringSerializer(),
            new AvroSerializer<DeadLetter>(registry));
  }

  public void publish(ConsumerRecord<String, byte[]> failed, Throwable reason, String consumerGroup, int attempts) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(failed.topic())
            .setPartition(failed.partition())
            .setOffset(failed.offset())
            .setRecordTimestamp(failed.timestamp() < 0 ? null : Instant.ofEpochMilli(failed.timestamp()))
            .setKey(failed.key() == null ? null : ByteBuffer.wrap(failed.key().getBytes(StandardCharsets.UTF_8)))
            .setValue(failed.value() == null ? null : ByteBuffer.wrap(failed.value()))
            .setHeaders(copyHeaders(failed))
            .setErrorClass(reason.getClass().getName())
            .setErrorMessage(reason.getMessage())
            .setStackTrace(stackTrace(reason))
            .setConsumerGroup(consumerGroup)
            .setAttempts(attempts)
            .setFailedAt(Instant.now())
            .build();
    RecordHeaders headers = new RecordHeaders();
    failed.headers().forEach(headers::add);
    header(headers, "error.class", reason.getClass().getName());
    header(headers, "error.message", String.valueOf(reason.getMessage()));
    header(headers, "source.topic", failed.topic());
    header(headers, "source.partition", Integer.toString(failed.partition()));
    header(headers, "source.offset", Long.toString(failed.offset()));
    ProducerRecord<String, DeadLetter> record =
        new ProducerRecord<>(failed.topic() + Topic.DLQ_SUFFIX, null, failed.key(), letter, headers);
    try {
      producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while writing a dead letter", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot write dead letter to " + record.topic() + ": " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }

  private static List<DeadLetterHeader> copyHeaders(ConsumerRecord<String, byte[]> failed) {
    List<DeadLetterHeader> copy = new ArrayList<>();
    for (Header h : failed.headers()) {
      copy.add(new DeadLetterHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
    }
    return copy;
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(HEADER_PREFIX + name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String stackTrace(Throwable reason) {
    StringWriter out = new StringWriter();
    reason.printStackTrace(new PrintWriter(out));
    String text = out.toString();
    return text.length() <= STACK_TRACE_LIMIT ? text : text.substring(0, STACK_TRACE_LIMIT) + "...";
  }
}
