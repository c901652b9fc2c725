package io.windowops.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Consumes one input topic on a thread of its own (the native consumer is single-threaded) and
 * hands each decoded record to a {@link RecordHandler} on the verticle's context, one at a time,
 * in partition order. Offsets are committed only after the handler's future completes.
 *
 * <p>A record whose value cannot be decoded, or whose handler keeps failing after the configured
 * attempts, is parked in the topic's dead-letter topic with the reason, and consumption moves on:
 * nothing is dropped silently and one poison record never blocks a partition.
 */
public final class InputConsumer<V> {

  private static final Logger LOG = LoggerFactory.getLogger(InputConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

  /** What an input consumer needs; {@code meterPrefix} is e.g. {@code windowops.executor}. */
  public record Settings(
      String topic,
      Map<String, Object> consumerConfig,
      Duration handlerTimeout,
      int handlerAttempts,
      String meterPrefix) {}

  private final Settings settings;
  private final Deserializer<V> valueDeserializer;
  private final RecordHandler<V> handler;
  private final DeadLetterPublisher deadLetters;
  private final Context context;
  private final Counter handled;
  private final Counter deadLettered;
  private final Timer handlerTime;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CompletableFuture<Void> firstAssignment = new CompletableFuture<>();
  private volatile boolean running = true;
  private KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public InputConsumer(
      Settings settings,
      Deserializer<V> valueDeserializer,
      RecordHandler<V> handler,
      DeadLetterPublisher deadLetters,
      Context context,
      MeterRegistry meters) {
    this.settings = settings;
    this.valueDeserializer = valueDeserializer;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.context = context;
    this.handled =
        Counter.builder(settings.meterPrefix() + ".input.records")
            .description("Input records handled")
            .tag("topic", settings.topic())
            .register(meters);
    this.deadLettered =
        Counter.builder(settings.meterPrefix() + ".input.dead.letters")
            .description("Input records parked in the dead-letter topic")
            .tag("topic", settings.topic())
            .register(meters);
    this.handlerTime =
        Timer.builder(settings.meterPrefix() + ".input.handle")
            .description("Time to handle one input record")
            .tag("topic", settings.topic())
            .register(meters);
  }

  /** Starts the consuming thread; completes when the thread runs (not when partitions arrive). */
  public Future<Void> start() {
    consumer =
        new KafkaConsumer<>(
            settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::run, "input-" + settings.topic());
    thread.setDaemon(true);
    thread.start();
    return Future.succeededFuture();
  }

  /** Completes once this consumer has been given its first partitions (used by tests). */
  public CompletableFuture<Void> firstAssignment() {
    return firstAssignment;
  }

  /**
   * Stops consuming: the record in hand is finished, processed offsets are committed, and the
   * consumer leaves its group. Blocks up to the handler timeout; call it off the event loop.
   */
  public void stop() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    try {
      if (thread != null && !stopped.await(settings.handlerTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        LOG.warn("Input consumer for {} did not stop in time", settings.topic());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(settings.topic()), new CommitOnRevoke());
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (!running) {
            break;
          }
          process(record);
          pending.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        commitPending();
      }
    } catch (WakeupException | Stopping e) {
      // stop() woke us; fall through to the final commit of what was finished.
    } catch (RuntimeException e) {
      LOG.error("Input consumer for {} failed and stops", settings.topic(), e);
    } finally {
      try {
        commitPending();
      } catch (RuntimeException e) {
        LOG.warn("Final commit for {} failed: {}", settings.topic(), e.toString());
      }
      consumer.close(Duration.ofSeconds(5));
      stopped.countDown();
    }
  }

  private void process(ConsumerRecord<String, byte[]> raw) {
    MDC.put("windowId", raw.key() == null ? "" : raw.key());
    try {
      V value;
      try {
        value = decode(raw);
      } catch (SerializationException e) {
        park(raw, e, 1);
        return;
      }
      ConsumerRecord<String, V> decoded =
          new ConsumerRecord<>(
              raw.topic(),
              raw.partition(),
              raw.offset(),
              raw.timestamp(),
              raw.timestampType(),
              raw.serializedKeySize(),
              raw.serializedValueSize(),
              raw.key(),
              value,
              raw.headers(),
              raw.leaderEpoch());
      Duration delay = FIRST_RETRY_DELAY;
      for (int attempt = 1; ; attempt++) {
        try {
          long began = System.nanoTime();
          invokeHandler(decoded);
          handlerTime.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
          handled.increment();
          return;
        } catch (Exception e) {
          Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
          if (!running) {
            // Shutting down: leave the record uncommitted; the next owner handles it.
            throw new Stopping();
          }
          if (attempt >= settings.handlerAttempts()) {
            park(raw, cause, attempt);
            return;
          }
          LOG.warn(
              "Handling {}-{}@{} failed (attempt {} of {}), retrying in {} ms: {}",
              raw.topic(),
              raw.partition(),
              raw.offset(),
              attempt,
              settings.handlerAttempts(),
              delay.toMillis(),
              cause.toString());
          sleep(delay);
          delay = longer(delay);
        }
      }
    } finally {
      MDC.remove("windowId");
    }
  }

  /**
   * Decodes the value. Bad bytes throw {@link SerializationException} (the record is parked); any
   * other failure, such as the schema registry being unreachable, is transient for a valid
   * record, so decoding is retried until it works or the consumer stops.
   */
  private V decode(ConsumerRecord<String, byte[]> raw) {
    Duration delay = FIRST_RETRY_DELAY;
    while (true) {
      try {
        return valueDeserializer.deserialize(raw.topic(), raw.headers(), raw.value());
      } catch (SerializationException e) {
        throw e;
      } catch (RuntimeException e) {
        if (!running) {
          throw new Stopping();
        }
        LOG.warn(
            "Cannot decode {}-{}@{} yet ({}); retrying in {} ms",
            raw.topic(),
            raw.partition(),
            raw.offset(),
            e.toString(),
            delay.toMillis());
        sleep(delay);
        delay = longer(delay);
      }
    }
  }

  private static Duration longer(Duration delay) {
    Duration doubled = delay.multipliedBy(2);
    return doubled.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : doubled;
  }

  private void invokeHandler(ConsumerRecord<String, V> record) throws Exception {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        ignored -> {
          // The handler's synchronous part logs with the window id too.
          MDC.put("windowId", record.key() == null ? "" : record.key());
          try {
            handler.handle(record).onComplete(done);
          } catch (RuntimeException e) {
            done.fail(e);
          } finally {
            MDC.remove("windowId");
          }
        });
    try {
      done.future()
          .toCompletionStage()
          .toCompletableFuture()
          .get(settings.handlerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "handler did not finish within " + settings.handlerTimeout() + " for " + record.topic());
    }
  }

  private void park(ConsumerRecord<String, byte[]> raw, Throwable reason, int attempts) {
    LOG.warn(
        "Parking {}-{}@{} in the dead-letter topic: {}",
        raw.topic(),
        raw.partition(),
        raw.offset(),
        reason.toString());
    // A dead letter must not be lost either: retry until it is written or we are stopping.
    Duration delay = FIRST_RETRY_DELAY;
    while (true) {
      try {
        deadLetters.publish(raw, reason, (String) settings.consumerConfig().get("group.id"), attempts);
        deadLettered.increment();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          throw new Stopping();
        }
        LOG.error("Cannot write dead letter for {}-{}@{}, retrying", raw.topic(), raw.partition(), raw.offset(), e);
        sleep(delay);
        delay = longer(delay);
      }
    }
  }

  private void commitPending() {
    if (!pending.isEmpty()) {
      consumer.commitSync(new HashMap<>(pending));
      pending.clear();
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Unwinds the consuming thread without committing the record in hand. */
  private static final class Stopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopping() {
      super("stopping", null, false, false);
    }
  }

  /** Runs inside poll() on the consumer thread, so no record is in flight when it runs. */
  private final class CommitOnRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitPending();
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      LOG.info("Consuming {} partitions {}", settings.topic(), partitions);
      firstAssignment.complete(null);
    }
  }
}
