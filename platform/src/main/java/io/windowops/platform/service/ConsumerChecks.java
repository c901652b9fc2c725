package io.windowops.platform.service;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.windowops.platform.http.ServiceHttpServer;
import io.windowops.platform.kafka.ConsumerHealth;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code consumers} check on both health endpoints, one for every service: live while every
 * consumer thread runs and polls within the stall limit; ready while every consumer runs with its
 * assignment (not while one restarts or waits for partitions). Each consumer is listed by name.
 */
final class ConsumerChecks {

  static final String NAME = "consumers";

  private ConsumerChecks() {}

  static void register(ServiceHttpServer http, Supplier<List<ConsumerHealth>> consumers, Duration stallLimit) {
    http.liveness().register(NAME, promise -> promise.complete(status(consumers.get(), stallLimit, ConsumerHealth.Report::live)));
    http.readiness().register(NAME, promise -> promise.complete(status(consumers.get(), stallLimit, ConsumerHealth.Report::ready)));
  }

  /** UP when {@code passes} holds for every consumer; the data names each consumer's state either way. */
  static Status status(List<ConsumerHealth> consumers, Duration stallLimit, Function<ConsumerHealth.Report, Boolean> passes) {
    JsonObject data = new JsonObject();
    boolean up = true;
    for (ConsumerHealth consumer : consumers) {
      ConsumerHealth.Report report = consumer.report(stallLimit);
      data.put(report.name(), new JsonObject(report.details()));
      up &= passes.apply(report);
    }
    return up ? Status.OK(data) : Status.KO(data);
  }
}
