package io.windowops.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Raw record throughput of the broker with WindowOps' producer settings: one producer sends
 * records the size of a RunStep over many keys as fast as it can, one read_committed consumer
 * reads them; records per second from the first send to the last record read.
 */
final class RawThroughput {

  private final RawKafka kafka;
  private final int recordSize;

  RawThroughput(RawKafka kafka, int recordSize) {
    this.kafka = kafka;
    this.recordSize = recordSize;
  }

  double recordsPerSecond(int records) throws Exception {
    AtomicLong lastRead = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.consumer("bench-flood", RawKafka.FLOOD);
        KafkaProducer<String, byte[]> producer = kafka.producer("bench-flood")) {
      Thread reader = new Thread(() -> {
        long read = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try {
          while (read < records && System.nanoTime() < deadline) {
            read += consumer.poll(Duration.ofMillis(100)).count();
          }
          lastRead.set(System.nanoTime());
          if (read < records) {
            failure.set(new IllegalStateException("read " + read + " of " + records + " records in 5 minutes"));
          }
        } catch (RuntimeException e) {
          failure.set(e);
        }
      }, "bench-flood-reader");
      reader.start();
      long began = System.nanoTime();
      byte[] value = new byte[recordSize];
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(RawKafka.FLOOD, "window-" + (i % 1000), value));
      }
      producer.flush();
      reader.join();
      if (failure.get() != null) {
        throw new IllegalStateException("raw throughput", failure.get());
      }
      return records / ((lastRead.get() - began) / 1e9);
    }
  }
}
