package io.windowops.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 *
 * <p>The loop is supervised: any other failure (a {@code CommitFailedException} after {@code
 * max.poll.interval.ms}, a broker error) closes the client and a new one resumes from the
 * committed offsets after a backoff. {@link #health()} says how it is doing.
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
      String meterPrefix,
      Supervision supervision) {

    public Settings(
        String topic, Map<String, Object> consumerConfig, Duration handlerTimeout, int handlerAttempts, String meterPrefix) {
      this(topic, consumerConfig, handlerTimeout, handlerAttempts, meterPrefix, Supervision.defaults());
    }
  }

  private final Settings settings;
  private final Deserializer<V> valueDeserializer;
  private final RecordHandler<V> handler;
  private final AssignmentGate gate;
  private final DeadLetterPublisher deadLetters;
  private final Context context;
  private final Counter handled;
  private final Counter deadLettered;
  private final Timer handlerTime;
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
  private final CompletableFuture<Void> firstAssignment = new CompletableFuture<>();
  private final ConsumerHealth health;
  private final SupervisedLoop loop;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  public InputConsumer(
      Settings settings,
      Deserializer<V> valueDeserializer,
      RecordHandler<V> handler,
      DeadLetterPublisher deadLetters,
      Context context,
      MeterRegistry meters) {
    this(settings, valueDeserializer, handler, AssignmentGate.OPEN, deadLetters, context, meters);
  }

  public InputConsumer(
      Settings settings,
      Deserializer<V> valueDeserializer,
      RecordHandler<V> handler,
      AssignmentGate gate,
      DeadLetterPublisher deadLetters,
      Context context,
      MeterRegistry meters) {
    this.settings = settings;
    this.valueDeserializer = valueDeserializer;
    this.handler = handler;
    this.gate = gate;
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
    String name = "input-" + settings.topic();
    this.health = ConsumerHealth.register(name, settings.meterPrefix(), meters, Clock.systemUTC());
    this.loop = new SupervisedLoop(name, health, settings.supervision().newBackoff(), this::session);
  }

  /** Starts the consuming thread; completes when the thread runs (not when partitions arrive). */
  public Future<Void> start() {
    loop.start();
    return Future.succeededFuture();
  }

  public ConsumerHealth health() {
    return health;
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
    loop.stop();
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      if (!loop.awaitStopped(settings.handlerTimeout().plusSeconds(5))) {
        LOG.warn("Input consumer for {} did not stop in time", settings.topic());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One client's life. It subscribes afresh, so the group hands it partitions at their committed
   * offsets: records handled but not committed by a failed session are handled again (handlers
   * are idempotent), none is skipped.
   */
  private void session() {
    KafkaConsumer<String, byte[]> client =
        new KafkaConsumer<>(settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
    consumer = client;
    pending.clear();
    try {
      if (!running) {
        return;
      }
      client.subscribe(List.of(settings.topic()), new CommitOnRevoke(client));
      while (running) {
        ConsumerRecords<String, byte[]> records = client.poll(POLL);
        health.polled();
        for (ConsumerRecord<String, byte[]> record : records) {
          if (!running) {
            break;
          }
          process(record);
          pending.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        commitPending(client);
      }
    } catch (WakeupException | Stopping e) {
      if (running) {
        throw e;
      }
      // stop() woke us; fall through to the final commit of what was finished.
    } finally {
      try {
        commitPending(client);
      } catch (RuntimeException e) {
        LOG.warn("Final commit for {} failed: {}", settings.topic(), e.toString());
      }
      client.close(Duration.ofSeconds(5));
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

  private void commitPending(KafkaConsumer<String, byte[]> client) {
    if (!pending.isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
      pending.clear();
      client.commitSync(offsets);
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
    private final KafkaConsumer<String, byte[]> client;

    CommitOnRevoke(KafkaConsumer<String, byte[]> client) {
      this.client = client;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitPending(client);
    }

    /** Lost, not revoked: another member owns them already, so their offsets cannot be committed. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      pending.keySet().removeAll(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      long began = System.nanoTime();
      if (!partitions.isEmpty()) {
        try {
          gate.await(partitions);
        } catch (Exception e) {
          throw new IllegalStateException("the assignment gate for " + partitions + " failed: " + e, e);
        }
      }
      LOG.info("Consuming {} partitions {} (gate passed in {} ms)", settings.topic(), partitions, (System.nanoTime() - began) / 1_000_000);
      health.assigned();
      firstAssignment.complete(null);
    }
  }
}
