package io.windowops.bench;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.scheduler.SchedulerVerticle;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import io.micrometer.core.instrument.Timer;
import io.windowops.platform.metrics.Meters;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * State restore: the scheduler is stopped, the compacted state topic is filled with {@code n}
 * scheduled windows (copies of a real snapshot the scheduler wrote, each with its own id and
 * service), and a fresh scheduler instance is started. The takeover is over when its saga loop
 * has restored every partition and armed every window's timers, as its restore metric
 * ({@code windowops.scheduler.restore}) reports; it includes the read model catching up first.
 */
final class StateTakeover {

  /** What the takeover phase saw. */
  record Takeover(int windowsWritten, double writeSeconds, double takeoverSeconds, double restoreMetricSeconds, long windowsKnown) {}

  private final BenchSystem system;

  StateTakeover(BenchSystem system) {
    this.system = system;
  }

  Takeover run(WindowStateSnapshot template, int windows) throws Exception {
    system.stopScheduler();
    long began = System.nanoTime();
    write(template, windows, system.config());
    double writeSeconds = (System.nanoTime() - began) / 1e9;

    // One meter registry per process: the restore timer counts every instance's partitions.
    Timer restore = Meters.registry().timer("windowops.scheduler.restore");
    long countBefore = restore.count();
    double sumBefore = restore.totalTime(TimeUnit.SECONDS);
    long start = System.nanoTime();
    SchedulerVerticle next = system.startScheduler("bench-scheduler-2");
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (restore.count() - countBefore < Topics.PARTITIONS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the new scheduler restored " + (restore.count() - countBefore) + " partitions in 5 minutes");
      }
      Thread.sleep(10);
    }
    double takeover = (System.nanoTime() - start) / 1e9;
    return new Takeover(
        windows, writeSeconds, takeover, restore.totalTime(TimeUnit.SECONDS) - sumBefore, next.readModel().windows().size());
  }

  private static void write(WindowStateSnapshot template, int windows, WindowOpsConfig config) {
    try (KafkaProducer<String, WindowStateSnapshot> producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, "bench-state-writer"),
            new StringSerializer(),
            new AvroSerializer<>(new SchemaRegistryClient(config.schemaRegistryUrl())))) {
      for (int i = 0; i < windows; i++) {
        String id = String.format("BENCH-RESTORE-%06d", i);
        WindowStateSnapshot copy =
            WindowStateSnapshot.newBuilder(template)
                .setWindowId(id)
                .setRequest(
                    MaintenanceRequested.newBuilder(template.getRequest())
                        .setServices(List.of("svc-" + id.toLowerCase()))
                        .build())
                .build();
        producer.send(new ProducerRecord<>(Topics.WINDOW_STATE.name(), id, copy));
      }
      producer.flush();
    }
  }

}
