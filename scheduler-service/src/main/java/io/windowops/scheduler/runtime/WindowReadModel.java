package io.windowops.scheduler.runtime;

import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every window of every partition, as this instance last saw it: the latest snapshot from the
 * state topic and the most recent facts from the windows topic. It answers the REST API's reads
 * and gives the saga the other windows to check conflicts against. Eventually consistent (it
 * follows committed records), read-only, and rebuilt from Kafka at every start.
 */
public final class WindowReadModel implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WindowReadModel.class);
  private static final int TIMELINE_LIMIT = 500;
  private static final Set<WindowStatus> HOLDING_TIME =
      EnumSet.of(
          WindowStatus.PENDING_APPROVAL,
          WindowStatus.SCHEDULED,
          WindowStatus.OPEN,
          WindowStatus.RUNNING,
          WindowStatus.PAUSED,
          WindowStatus.VALIDATING,
          WindowStatus.ROLLING_BACK);

  private final Consumer<String, SpecificRecord> consumer;
  private final Map<String, WindowStateSnapshot> windows = new ConcurrentHashMap<>();
  private final Map<String, Deque<WindowEventEnvelope>> timelines = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  /** {@code consumer} decodes both topics' values (state snapshots and window events). */
  public WindowReadModel(Consumer<String, SpecificRecord> consumer) {
    this.consumer = consumer;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.WINDOW_STATE.name(), Topics.WINDOWS.name())) {
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (running) {
        try {
          for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
            apply(record);
          }
        } catch (RecordDeserializationException e) {
          // A record nobody can decode (its consumer, the notifier, parks it in the DLQ) must not
          // stop the model the API answers from: skip it.
          LOG.warn("Skipping undecodable record {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
          continue;
        }
        if (caughtUp.getCount() > 0
            && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          LOG.info("Window read model caught up: {} windows", windows.size());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      // close() woke us.
    } catch (RuntimeException e) {
      LOG.error("The window read model stopped", e);
    } finally {
      consumer.close();
      stopped.countDown();
    }
  }

  private void apply(ConsumerRecord<String, SpecificRecord> record) {
    if (record.value() instanceof WindowStateSnapshot state) {
      windows.put(record.key(), state);
    } else if (record.value() instanceof WindowEventEnvelope event) {
      Deque<WindowEventEnvelope> timeline = timelines.computeIfAbsent(record.key(), k -> new ArrayDeque<>());
      synchronized (timeline) {
        timeline.addLast(event);
        if (timeline.size() > TIMELINE_LIMIT) {
          timeline.removeFirst();
        }
      }
    } else if (record.value() == null && record.topic().equals(Topics.WINDOW_STATE.name())) {
      windows.remove(record.key());
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

  /** Windows other than {@code windowId} that hold a time slot (for the conflict check). */
  public List<Reservation> reservationsExcept(String windowId) {
    List<Reservation> reservations = new ArrayList<>();
    for (WindowStateSnapshot w : windows.values()) {
      if (!w.getWindowId().equals(windowId)
          && HOLDING_TIME.contains(w.getStatus())
          && w.getScheduledStart() != null
          && w.getScheduledEnd() != null) {
        reservations.add(
            new Reservation(
                w.getWindowId(),
                w.getRequest().getEnvironment(),
                List.copyOf(w.getRequest().getServices()),
                w.getScheduledStart(),
                w.getScheduledEnd()));
      }
    }
    return reservations;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      stopped.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
