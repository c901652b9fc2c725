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
import io.windowops.platform.kafka.TopicFollower;
import io.windowops.scheduler.review.Fact;
import io.windowops.scheduler.review.IncidentWindow;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every window of every partition, as this instance last saw it: the latest snapshot from the
 * state topic, the most recent facts from the windows topic, and the window's history across the
 * fact topics (step outcomes, validation results, deliveries) that its review is built from. It
 * answers the REST API's reads (and pushes a window's new state to a request waiting for it). No
 * decision reads it: the saga decides from the windows it owns, the admission from its reservation
 * table. Eventually consistent (it follows committed records), read-only, and rebuilt from Kafka at
 * every start.
 *
 * <p>It reads through a {@link TopicFollower}: a failed session closes its client and, after a
 * backoff, a new client resumes at the next offset of every partition this model has applied, so
 * no record is skipped or applied twice.
 */
public final class WindowReadModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WindowReadModel.class);
  private static final int TIMELINE_LIMIT = 500;
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

  private final TopicFollower<SpecificRecord> follower;
  private final Map<String, WindowStateSnapshot> windows = new ConcurrentHashMap<>();
  private final Map<String, Deque<WindowEventEnvelope>> timelines = new ConcurrentHashMap<>();
  private final Map<String, Deque<Fact>> histories = new ConcurrentHashMap<>();
  private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> caughtUp = new CompletableFuture<>();

  /**
   * {@code clients} makes a new consumer (no group) that decodes the values of every topic in
   * {@link #TOPICS}; one per session.
   */
  public WindowReadModel(
      Supplier<Consumer<String, SpecificRecord>> clients, ConsumerHealth health, RestartBackoff backoff) {
    this.follower = new TopicFollower<>("scheduler-read-model", TOPICS, clients, this::apply, health, backoff);
  }

  /** Starts reading on a thread of its own; caught up once everything committed before now is read. */
  public void start() {
    follower.start();
    caughtUp = follower.catchUp().whenComplete((done, failed) -> {
      if (failed == null) {
        LOG.info("Window read model caught up: {} windows", windows.size());
      }
    });
  }

  public ConsumerHealth health() {
    return follower.health();
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
    try {
      caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
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
    follower.close();
  }
}
