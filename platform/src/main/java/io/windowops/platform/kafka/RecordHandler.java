package io.windowops.platform.kafka;

import io.vertx.core.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one decoded input record on the owning verticle's context. The returned future
 * completes when the record's effects are durable; only then is its offset committed. Handlers
 * must be idempotent: after a crash, records since the last commit are delivered again.
 */
@FunctionalInterface
public interface RecordHandler<V> {
  Future<Void> handle(ConsumerRecord<String, V> record);
}
