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
 * holds a thread. Confined to one Vert.x context: call it only from there.
 */
final class ConcurrencyGate {

  private record Task<T>(Set<String> services, Supplier<Future<T>> work, Promise<T> done) {}

  private final int limit;
  private final Deque<Task<?>> waiting = new ArrayDeque<>();
  private final Set<String> busyServices = new HashSet<>();
  private int running;

  ConcurrencyGate(int limit) {
    this.limit = limit;
  }

  <T> Future<T> submit(List<String> services, Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    waiting.add(new Task<>(Set.copyOf(services), work, done));
    dispatch();
    return done.future();
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
      if (task.services().stream().noneMatch(busyServices::contains)) {
        it.remove();
        begin(task);
      }
    }
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
