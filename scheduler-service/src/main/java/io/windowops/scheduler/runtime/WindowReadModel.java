package io.windowops.scheduler.runtime;

import io.windowops.events.EventMetadata;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.kafka.RestartBackoff;
import io.windowops.platform.kafka.SupervisedLoop;
import io.windowops.scheduler.review.Fact;
import io.windowops.scheduler.review.IncidentWindow;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import io.windowops.schemas.serde.SchemaRegistryUnavailableException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every window of every partition, as this instance last saw it: the latest snapshot from the
 * state topic, the most recent facts from the windows topic, and the window's history across the
 * fact topics (step outcomes, validation results, deliveries) that its review is built from. It
 * answers the REST API's reads and gives the saga the other windows to check conflicts against.
 * Eventually consistent (it follows committed records), read-only, and rebuilt from Kafka at
 * every start.
 *
 * <p>Its loop is supervised: a failed session closes its client and, after a backoff, a new
 * client resumes at the next offset of every partition this model has applied, so no record is
 * skipped or applied twice.
 */
public final class WindowReadModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WindowReadModel.class);
  private static final int TIMELINE_LIMIT = 500;
  private static final Duration REGISTRY_RETRY = Duration.ofMillis(500);
  /** Facts kept per window for its review; a window with more keeps its latest. */
  private static final int HISTORY_LIMIT = 2_000;
  /** The topics read, in the order their partitions are assigned. */
  static final List<String> TOPICS =
      List.of(
          Topics.WINDOW_STATE.name(),
          Topics.WINDOWS.name(),
          Topics.STEP_RESULTS.name(),
          Topics.VALIDATION_RESULTS.name(),
          Topics.NOTIFICATIONS.name());

  private final Supplier<Consumer<String, SpecificRecord>> clients;
  private final ConsumerHealth health;
  private final SupervisedLoop loop;
  /** The next offset to apply per partition; only the loop's thread touches it. */
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  /** The end offsets at the first start: reading up to them is "caught up". */
  private Map<TopicPartition, Long> ends;
  private volatile Consumer<String, SpecificRecord> consumer;
  private final Map<String, WindowStateSnapshot> windows = new ConcurrentHashMap<>();
  private final Map<String, Deque<WindowEventEnvelope>> timelines = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fact>> histories = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);

  /**
   * {@code clients} makes a new consumer (no group) that decodes the values of every topic in
   * {@link #TOPICS}; one per session.
   */
  public WindowReadModel(
      Supplier<Consumer<String, SpecificRecord>> clients, ConsumerHealth health, RestartBackoff backoff) {
    this.clients = clients;
    this.health = health;
    this.loop = new SupervisedLoop("scheduler-read-model", health, backoff, this::session);
  }

  /** Starts reading on a thread of its own. */
  public void start() {
    loop.start();
  }

  public ConsumerHealth health() {
    return health;
  }

  private void session() throws InterruptedException {
    Consumer<String, SpecificRecord> client = clients.get();
    consumer = client;
    try {
      if (!loop.running()) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : TOPICS) {
        for (PartitionInfo info : client.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      client.assign(partitions);
      for (TopicPartition tp : partitions) {
        Long next = positions.get(tp);
        if (next == null) {
          client.seekToBeginning(List.of(tp));
        } else {
          client.seek(tp, next);
        }
      }
      if (ends == null) {
        ends = client.endOffsets(partitions);
      }
      health.assigned();
      while (loop.running()) {
        ConsumerRecords<String, SpecificRecord> records;
        try {
          records = client.poll(Duration.ofMillis(200));
          health.polled();
        } catch (RecordDeserializationException e) {
          if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            // A good record the registry cannot decode for us yet: read it again shortly.
            LOG.warn("Schema registry unavailable, retrying {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            client.seek(e.topicPartition(), e.offset());
            Thread.sleep(REGISTRY_RETRY.toMillis());
            continue;
          }
          // A record nobody can decode (its consumer parks it in the DLQ) must not stop the model
          // the API answers from: skip it.
          LOG.warn("Skipping undecodable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          client.seek(e.topicPartition(), e.offset() + 1);
          positions.put(e.topicPartition(), e.offset() + 1);
          continue;
        }
        for (ConsumerRecord<String, SpecificRecord> record : records) {
          apply(record);
          positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        if (caughtUp.getCount() > 0
            && ends.entrySet().stream().allMatch(e -> client.position(e.getKey()) >= e.getValue())) {
          LOG.info("Window read model caught up: {} windows", windows.size());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (loop.running()) {
        throw e;
      }
      // close() woke us.
    } finally {
      client.close();
    }
  }

  /** Someone waiting for a window to reach a state (the API waiting for its command's decision). */
  private record Waiter(Predicate<WindowStateSnapshot> until, CompletableFuture<WindowStateSnapshot> done) {}

  /**
   * Completes when a snapshot of {@code windowId} matching {@code until} is applied (at once if
   * the current one matches); pushed from the model's thread, so nobody polls. Cancelling the
   * future forgets the waiter.
   */
  public CompletableFuture<WindowStateSnapshot> whenWindow(String windowId, Predicate<WindowStateSnapshot> until) {
    CompletableFuture<WindowStateSnapshot> done = new CompletableFuture<>();
    Waiter waiter = new Waiter(until, done);
    waiters.compute(windowId, (k, list) -> {
      List<Waiter> all = list == null ? new ArrayList<>() : new ArrayList<>(list);
      all.add(waiter);
      return all;
    });
    done.whenComplete((w, e) -> waiters.computeIfPresent(windowId, (k, list) -> {
      List<Waiter> rest = new ArrayList<>(list);
      rest.remove(waiter);
      return rest.isEmpty() ? null : rest;
    }));
    WindowStateSnapshot current = windows.get(windowId);
    if (current != null && until.test(current)) {
      done.complete(current);
    }
    return done;
  }

  private void notifyWaiters(WindowStateSnapshot state) {
    List<Waiter> waiting = waiters.get(state.getWindowId());
    if (waiting != null) {
      waiting.stream().filter(w -> w.until().test(state)).forEach(w -> w.done().complete(state));
    }
  }

  private void apply(ConsumerRecord<String, SpecificRecord> record) {
    if (record.value() instanceof WindowStateSnapshot state) {
      windows.put(record.key(), state);
      notifyWaiters(state);
    } else if (record.value() instanceof WindowEventEnvelope event) {
      Deque<WindowEventEnvelope> timeline = timelines.computeIfAbsent(record.key(), k -> new ArrayDeque<>());
      synchronized (timeline) {
        timeline.addLast(event);
        if (timeline.size() > TIMELINE_LIMIT) {
          timeline.removeFirst();
        }
      }
      remember(record.key(), event.getMetadata(), event.getPayload());
    } else if (record.value() instanceof StepResultEnvelope e) {
      remember(record.key(), e.getMetadata(), e.getPayload());
    } else if (record.value() instanceof ValidationResultEnvelope e) {
      remember(record.key(), e.getMetadata(), e.getPayload());
    } else if (record.value() instanceof NotificationEnvelope e) {
      remember(record.key(), e.getMetadata(), e.getPayload());
    } else if (record.value() == null && record.topic().equals(Topics.WINDOW_STATE.name())) {
      // The window is deleted: drop everything held for it.
      windows.remove(record.key());
      timelines.remove(record.key());
      histories.remove(record.key());
    }
  }

  private void remember(String windowId, EventMetadata metadata, Object payload) {
    Deque<Fact> history = histories.computeIfAbsent(windowId, k -> new ArrayDeque<>());
    synchronized (history) {
      history.addLast(new Fact(metadata.getOccurredAt(), (SpecificRecord) payload));
      if (history.size() > HISTORY_LIMIT) {
        // Drop the oldest fact, but never the plan or the opening: a review cannot do without them.
        history.stream()
            .filter(f -> !(f.payload() instanceof WindowScheduled || f.payload() instanceof WindowOpened))
            .findFirst()
            .ifPresent(history::removeFirstOccurrence);
      }
    }
  }

  /** Waits until everything committed before the start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Optional<WindowStateSnapshot> window(String windowId) {
    return Optional.ofNullable(windows.get(windowId));
  }

  public Collection<WindowStateSnapshot> windows() {
    return List.copyOf(windows.values());
  }

  public List<WindowEventEnvelope> timeline(String windowId) {
    Deque<WindowEventEnvelope> timeline = timelines.get(windowId);
    if (timeline == null) {
      return List.of();
    }
    synchronized (timeline) {
      return List.copyOf(timeline);
    }
  }

  /** The window's facts from the windows, step-results, validation-results and notifications topics. */
  public List<Fact> history(String windowId) {
    Deque<Fact> history = histories.get(windowId);
    if (history == null) {
      return List.of();
    }
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  /** Every scheduled window as a possible incident for another window's review. */
  public List<IncidentWindow> incidentCandidates() {
    return windows.values().stream()
        .filter(w -> w.getScheduledStart() != null && w.getScheduledEnd() != null)
        .map(
            w ->
                new IncidentWindow(
                    w.getWindowId(),
                    w.getRequest().getTitle(),
                    w.getRequest().getMaintenanceType(),
                    w.getRequest().getEnvironment(),
                    List.copyOf(w.getRequest().getServices()),
                    w.getScheduledStart(),
                    w.getScheduledEnd()))
        .toList();
  }

  @Override
  public void close() {
    loop.stop();
    Consumer<String, SpecificRecord> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      loop.awaitStopped(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
