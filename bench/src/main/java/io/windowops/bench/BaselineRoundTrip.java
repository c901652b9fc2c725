package io.windowops.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The raw Kafka two-hop round trip a step makes, without WindowOps: an origin (in the place of the
 * scheduler) produces a record the size of a RunStep, an echo (in the place of the executor)
 * consumes it and produces a record the size of a StepOutcome, the origin consumes that and
 * produces the next one. With {@code transactional}, each hop is consume-produce-commit in one
 * Kafka transaction, as the scheduler and the executor's ledger writer do; without, records are
 * acknowledged by all replicas and offsets committed after, the least a durable hop costs.
 *
 * <p>The round trip is the time between two consecutive sends for one key, the same definition
 * as the step round trip (between two consecutive RunSteps of one window).
 */
final class BaselineRoundTrip {

  private final RawKafka kafka;
  private final boolean transactional;
  private final int pingSize;
  private final int pongSize;

  BaselineRoundTrip(RawKafka kafka, boolean transactional, int pingSize, int pongSize) {
    this.kafka = kafka;
    this.transactional = transactional;
    this.pingSize = pingSize;
    this.pongSize = pongSize;
  }

  /** {@code keys} round trips in flight at once, {@code trips} each; the first {@code warmup} of each key are not counted. */
  List<Double> run(int keys, int trips, int warmup) throws Exception {
    String tag = transactional ? "tx" : "plain";
    AtomicReference<Throwable> echoFailure = new AtomicReference<>();
    try (KafkaConsumer<String, byte[]> echoIn = kafka.consumer("bench-echo-" + tag, RawKafka.PING);
        KafkaProducer<String, byte[]> echoOut = kafka.executorLikeProducer("echo-" + tag, transactional);
        KafkaConsumer<String, byte[]> originIn = kafka.consumer("bench-origin-" + tag, RawKafka.PONG);
        KafkaProducer<String, byte[]> originOut = kafka.schedulerLikeProducer("origin-" + tag, transactional)) {
      if (transactional) {
        echoOut.initTransactions();
        originOut.initTransactions();
      }
      Thread echo = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            ConsumerRecords<String, byte[]> records = echoIn.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
              hop(echoIn, echoOut, records, r -> new ProducerRecord<>(RawKafka.PONG, r.key(), new byte[pongSize]));
            }
          }
        } catch (WakeupException e) {
          // done
        } catch (RuntimeException e) {
          echoFailure.set(e);
        }
      }, "bench-echo");
      echo.start();

      Map<String, Long> lastSend = new HashMap<>();
      Map<String, Integer> done = new HashMap<>();
      List<Double> trip = new ArrayList<>();
      List<ProducerRecord<String, byte[]>> first = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        String key = "key-" + k;
        first.add(new ProducerRecord<>(RawKafka.PING, key, new byte[pingSize]));
        done.put(key, 0);
      }
      if (transactional) {
        originOut.beginTransaction();
      }
      for (ProducerRecord<String, byte[]> r : first) {
        lastSend.put(r.key(), System.nanoTime());
        originOut.send(r);
      }
      if (transactional) {
        originOut.commitTransaction();
      } else {
        originOut.flush();
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      int finished = 0;
      while (finished < keys) {
        if (echoFailure.get() != null) {
          throw new IllegalStateException("the echo failed", echoFailure.get());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the baseline round trips did not finish in 5 minutes");
        }
        ConsumerRecords<String, byte[]> records = originIn.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        List<ProducerRecord<String, byte[]>> next = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
          int n = done.merge(r.key(), 1, Integer::sum);
          if (n < trips) {
            next.add(new ProducerRecord<>(RawKafka.PING, r.key(), new byte[pingSize]));
          } else if (n == trips) {
            finished++;
          }
        }
        if (transactional) {
          originOut.beginTransaction();
        }
        for (ProducerRecord<String, byte[]> r : next) {
          long now = System.nanoTime();
          long previous = lastSend.put(r.key(), now);
          if (done.get(r.key()) > warmup) {
            trip.add((now - previous) / 1e6);
          }
          originOut.send(r);
        }
        commit(originIn, originOut, records);
      }
      echo.interrupt();
      echoIn.wakeup();
      echo.join(10_000);
      return trip;
    }
  }

  private void hop(
      KafkaConsumer<String, byte[]> in,
      KafkaProducer<String, byte[]> out,
      ConsumerRecords<String, byte[]> records,
      java.util.function.Function<ConsumerRecord<String, byte[]>, ProducerRecord<String, byte[]>> reply) {
    if (transactional) {
      out.beginTransaction();
    }
    for (ConsumerRecord<String, byte[]> r : records) {
      out.send(reply.apply(r));
    }
    commit(in, out, records);
  }

  /** Offsets in the transaction, or (plain) after the sends are acknowledged. */
  private void commit(KafkaConsumer<String, byte[]> in, KafkaProducer<String, byte[]> out, ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    if (transactional) {
      out.sendOffsetsToTransaction(offsets, in.groupMetadata());
      out.commitTransaction();
    } else {
      out.flush();
      in.commitSync(offsets);
    }
  }
}
