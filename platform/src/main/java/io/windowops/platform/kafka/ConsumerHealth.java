package io.windowops.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The health of one supervised consumer loop, written by its thread and read by the health
 * checks: its state, whether the group (or its own assignment) has given it partitions, when it
 * last polled, and how often it was restarted ({@code windowops.<service>.consumer.restarts}).
 */
public final class ConsumerHealth {

  /** STARTING: a new client, no assignment yet; RUNNING: assigned and polling. */
  public enum State { STARTING, RUNNING, RESTARTING, STOPPED }

  /** What the health checks report for one consumer. */
  public record Report(String name, boolean live, boolean ready, Map<String, Object> details) {}

  private final String name;
  private final Clock clock;
  private final Counter restarts;
  private final BooleanSupplier assignedProbe;
  private volatile State state = State.STARTING;
  private volatile boolean assigned;
  private volatile Instant lastPoll;
  private volatile Thread thread;
  private volatile String lastError;

  private ConsumerHealth(String name, Clock clock, Counter restarts, BooleanSupplier assignedProbe) {
    this.name = name;
    this.clock = clock;
    this.restarts = restarts;
    this.assignedProbe = assignedProbe;
  }

  /** A loop that reports its polls and assignments itself; {@code meterPrefix} is e.g. {@code windowops.executor}. */
  public static ConsumerHealth register(String name, String meterPrefix, MeterRegistry meters, Clock clock) {
    return new ConsumerHealth(name, clock, restartCounter(name, meterPrefix, meters), null);
  }

  /**
   * A loop whose internals report nothing (the scheduler's saga loop): ready while {@code
   * assigned} says so, live while its thread runs; polls are not tracked.
   */
  public static ConsumerHealth probing(String name, String meterPrefix, MeterRegistry meters, BooleanSupplier assigned) {
    return new ConsumerHealth(name, Clock.systemUTC(), restartCounter(name, meterPrefix, meters), assigned);
  }

  private static Counter restartCounter(String name, String meterPrefix, MeterRegistry meters) {
    return Counter.builder(meterPrefix + ".consumer.restarts")
        .description("Restarts of a consumer loop after an unexpected failure")
        .tag("consumer", name)
        .register(meters);
  }

  public String name() {
    return name;
  }

  /** A new session begins on {@code owner}: a fresh client that has no partitions yet. */
  public void starting(Thread owner) {
    thread = owner;
    assigned = false;
    lastPoll = clock.instant();
    state = State.STARTING;
  }

  /** The session was given its partitions (possibly none: a standby is ready too). */
  public void assigned() {
    assigned = true;
    state = State.RUNNING;
  }

  public void polled() {
    lastPoll = clock.instant();
  }

  /** The session failed; the loop waits before the next one. */
  public void restarting(Throwable cause) {
    lastError = cause.toString();
    state = State.RESTARTING;
    restarts.increment();
  }

  public void stopped() {
    state = State.STOPPED;
  }

  public State state() {
    return assignedProbe != null && state == State.STARTING && assignedProbe.getAsBoolean() ? State.RUNNING : state;
  }

  public double restarts() {
    return restarts.count();
  }

  /**
   * Live unless its thread died, it stopped, or (while it should be polling) it has not polled for
   * longer than {@code stallLimit}. Ready only while running with an assignment.
   */
  public Report report(Duration stallLimit) {
    State current = state();
    Thread owner = thread;
    Instant polled = lastPoll;
    boolean threadAlive = owner == null || owner.isAlive();
    Duration sincePoll = polled == null ? null : Duration.between(polled, clock.instant());
    boolean stalled =
        assignedProbe == null
            && current != State.RESTARTING
            && sincePoll != null
            && sincePoll.compareTo(stallLimit) > 0;
    boolean live = threadAlive && current != State.STOPPED && !stalled;
    boolean ready = live && current == State.RUNNING && (assignedProbe != null || assigned);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", current.name());
    details.put("restarts", (long) restarts.count());
    details.put("threadAlive", threadAlive);
    if (sincePoll != null && assignedProbe == null) {
      details.put("lastPoll", polled.toString());
      details.put("msSincePoll", sincePoll.toMillis());
    }
    if (lastError != null) {
      details.put("lastError", lastError);
    }
    return new Report(name, live, ready, details);
  }
}
