package io.windowops.executor.runner;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Starts queued work when a slot is free: at most {@code limit} at once and at most one per
 * target service (work naming several services waits until all are free). Waiting work never
 * holds a thread. While frozen, holdable work (steps, not compensations) stays queued without a
 * slot or a service, and other work passes it; on {@link #freeze freeze(false)} it starts in
 * the order it was submitted. Confined to one Vert.x context: call it only from there (the
 * gauges' getters may be read from anywhere).
 */
final class ConcurrencyGate {

  private record Task<T>(
      String key, String window, Set<String> services, boolean holdable, Supplier<Future<T>> work, Promise<T> done) {}

  /** Fails the future of held work that was withdrawn before it ever started. */
  static final class Withdrawn extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Withdrawn(String window) {
      this("held by the global freeze and withdrawn before it started: window " + window + " is rolling back", false);
    }

    private Withdrawn(String message, boolean unused) {
      super(message, null, false, false);
    }

    /** Withdrawn for a stated reason, which becomes the run's error. */
    static Withdrawn because(String message) {
      return new Withdrawn(message, false);
    }
  }

  private final int limit;
  private final Deque<Task<?>> waiting = new ArrayDeque<>();
  private final Set<String> busyServices = new HashSet<>();
  private volatile int running;
  private volatile int held;
  private volatile boolean frozen;

  ConcurrencyGate(int limit) {
    this.limit = limit;
  }

  /** Work that the freeze never holds (compensations). */
  <T> Future<T> submit(List<String> services, Supplier<Future<T>> work) {
    return submit(null, services, false, work);
  }

  /** {@code holdable} work (a step of {@code window}) does not start while the gate is frozen. */
  <T> Future<T> submit(String window, List<String> services, boolean holdable, Supplier<Future<T>> work) {
    return submit(null, window, services, holdable, work);
  }

  /** As above, under a {@code key} that {@link #withdraw} can name. */
  <T> Future<T> submit(String key, String window, List<String> services, boolean holdable, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    waiting.add(new Task<>(key, window, Set.copyOf(services), holdable, work, done));
    dispatch();
    return done.future();
  }

  /**
   * Withdraws the window's work that is held by the freeze (it never started): once a window
   * rolls back, a step held since before must not run after its compensations. Its future fails
   * with {@link Withdrawn}. Returns how many were withdrawn.
   */
  int withdrawHeld(String window) {
    int withdrawn = 0;
    for (Iterator<Task<?>> it = waiting.iterator(); it.hasNext(); ) {
      Task<?> task = it.next();
      if (task.holdable() && window.equals(task.window())) {
        it.remove();
        task.done().fail(new Withdrawn(window));
        withdrawn++;
      }
    }
    dispatch();
    return withdrawn;
  }

  /**
   * Withdraws the work submitted under {@code key} if it has not started yet (held by the freeze,
   * or waiting for a slot or a service); its future fails with {@link Withdrawn} carrying
   * {@code why}. Returns false when there is no such waiting work (started, done or unknown).
   */
  boolean withdraw(String key, String why) {
    for (Iterator<Task<?>> it = waiting.iterator(); it.hasNext(); ) {
      Task<?> task = it.next();
      if (key.equals(task.key())) {
        it.remove();
        task.done().fail(Withdrawn.because(why));
        dispatch();
        return true;
      }
    }
    return false;
  }

  /** Holds holdable work from now on, or releases what is held, oldest first. */
  void freeze(boolean frozen) {
    this.frozen = frozen;
    dispatch();
  }

  boolean frozen() {
    return frozen;
  }

  /** Holdable work waiting only because of the freeze. */
  int held() {
    return held;
  }

  /** Whether work submitted as holdable now would be held. */
  boolean holds(boolean holdable) {
    return frozen && holdable;
  }

  int running() {
    return running;
  }

  int waiting() {
    return waiting.size();
  }

  private void dispatch() {
    Iterator<Task<?>> it = waiting.iterator();
    while (it.hasNext() && running < limit) {
      Task<?> task = it.next();
      if (!holds(task.holdable()) && task.services().stream().noneMatch(busyServices::contains)) {
        it.remove();
        begin(task);
      }
    }
    held = frozen ? (int) waiting.stream().filter(Task::holdable).count() : 0;
  }

  private <T> void begin(Task<T> task) {
    running++;
    busyServices.addAll(task.services());
    Future<T> work;
    try {
      work = task.work().get();
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    work.onComplete(
        result -> {
          running--;
          busyServices.removeAll(task.services());
          task.done().handle(result);
          dispatch();
        });
  }
}
