package io.windowops.scheduler.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.windowops.events.RequestEnvelope;
import io.windowops.scheduler.runtime.SchedulerRuntime;
import io.windowops.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a request to {@code windowops.requests.v1}, keyed by its window; done once Kafka has it. */
final class RequestWriter {

  private RequestWriter() {}

  static Future<Void> send(SchedulerRuntime runtime, RequestEnvelope envelope) {
    Promise<Void> acked = Promise.promise();
    runtime
        .requests()
        .send(
            new ProducerRecord<>(Topics.REQUESTS.name(), envelope.getMetadata().getWindowId(), envelope),
            (metadata, error) -> {
              if (error == null) {
                acked.complete();
              } else {
                acked.fail(error);
              }
            });
    return acked.future();
  }
}
