package io.windowops.platform.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.windowops.platform.kafka.RecordHandler;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts input events by topic and payload type ({@code windowops.<service>.events}), so every
 * service shows what it receives from the first day on, before and beside its own logic.
 */
public final class EventTypeCounter {

  private static final Logger LOG = LoggerFactory.getLogger(EventTypeCounter.class);

  private final MeterRegistry meters;
  private final String meterName;

  public EventTypeCounter(MeterRegistry meters, String meterPrefix) {
    this.meters = meters;
    this.meterName = meterPrefix + ".events";
  }

  /** Records one event; for an envelope the type is its payload's record name. */
  public String count(String topic, SpecificRecord value) {
    String type = payloadType(value);
    Counter.builder(meterName)
        .description("Input events by type")
        .tag("topic", topic)
        .tag("type", type)
        .register(meters)
        .increment();
    return type;
  }

  /** A handler that counts each record and logs its type. */
  public <V extends SpecificRecord> RecordHandler<V> handler() {
    return record -> {
      String type = count(record.topic(), record.value());
      LOG.debug("Received {} for window {}", type, record.key());
      return Future.succeededFuture();
    };
  }

  static String payloadType(SpecificRecord value) {
    org.apache.avro.Schema.Field payload = value.getSchema().getField("payload");
    if (payload != null && value.get(payload.pos()) instanceof SpecificRecord inner) {
      return inner.getSchema().getName();
    }
    return value.getSchema().getName();
  }
}
