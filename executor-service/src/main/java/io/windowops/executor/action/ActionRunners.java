package io.windowops.executor.action;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs any catalog action without blocking the event loop: commands on a thread pool of their
 * own (each holds a thread while its process runs), HTTP and Alertmanager calls with the
 * non-blocking WebClient, waits as Vert.x timers. {@link #close} kills running process trees and
 * cancels waits, leaving their ledger entries STARTED (interrupted) for the next start. A run's
 * {@link Cancellation} stops it early with an INTERRUPTED result: a wait's timer is cancelled, a
 * command's process tree is killed (the result comes once it is gone), an HTTP or Alertmanager
 * call is abandoned (its response, if any, is ignored).
 */
public final class ActionRunners implements AutoCloseable {

  private final Vertx vertx;
  private final WebClient client;
  private final CommandRunner commands;
  private final HttpRunner http;
  private final SilenceRunner silences;
  private final ExecutorService processThreads;
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();

  public ActionRunners(Vertx vertx, Map<String, String> environment) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
    this.commands = new CommandRunner(environment);
    this.http = new HttpRunner(vertx, client, environment);
    this.silences = new SilenceRunner(client, environment);
    AtomicInteger n = new AtomicInteger();
    this.processThreads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "executor-command-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs the action; the future always succeeds with a result (failures are results). */
  public Future<ActionResult> run(ActionRequest request) {
    return run(request, Cancellation.none());
  }

  /** Runs the action until it ends or {@code cancellation} stops it (then INTERRUPTED). */
  public Future<ActionResult> run(ActionRequest request, Cancellation cancellation) {
    Action.Spec spec = request.bound().action().spec();
    Future<ActionResult> running;
    try {
      if (spec instanceof Action.Command c) {
        running = onThread(request, c, cancellation);
      } else if (spec instanceof Action.Http h) {
        running = abandonable(http.run(request, h), cancellation);
      } else if (spec instanceof Action.Silence s) {
        running = abandonable(silences.run(request, s), cancellation);
      } else {
        running = soak(request, (Action.Wait) spec, cancellation);
      }
    } catch (RuntimeException e) {
      running = Future.failedFuture(e);
    }
    return running.recover(
        e -> Future.succeededFuture(ActionResult.failed("the executor failed to run the action: " + e)));
  }

  /** Non-blocking calls cannot be taken back once sent: a cancelled one is left to its own timeout, unheard. */
  private Future<ActionResult> abandonable(Future<ActionResult> call, Cancellation cancellation) {
    Context context = vertx.getOrCreateContext();
    Promise<ActionResult> done = Promise.promise();
    call.onComplete(r -> done.tryComplete(r.result()));
    cancellation.onCancel(reason -> context.runOnContext(v -> done.tryComplete(ActionResult.cancelled(reason))));
    return done.future();
  }

  private Future<ActionResult> onThread(ActionRequest request, Action.Command spec, Cancellation cancellation) {
    Context context = vertx.getOrCreateContext();
    Promise<ActionResult> done = Promise.promise();
    processThreads.execute(
        () -> {
          try {
            ActionResult result = commands.run(request, spec, cancellation);
            context.runOnContext(v -> done.complete(result));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Shutting down: leave the promise open; the ledger keeps the step STARTED.
          } catch (RuntimeException e) {
            context.runOnContext(v -> done.fail(e));
          }
        });
    return done.future();
  }

  private Future<ActionResult> soak(ActionRequest request, Action.Wait spec, Cancellation cancellation) {
    Duration soak;
    try {
      soak = Duration.parse(new Resolver(request.bound(), Map.of(), new Redactor()).resolve(spec.duration()));
    } catch (DateTimeParseException | NullPointerException e) {
      return Future.succeededFuture(ActionResult.failed("the wait duration is not an ISO-8601 duration such as PT30M"));
    }
    boolean cut = soak.compareTo(request.timeout()) > 0;
    Duration wait = cut ? request.timeout() : soak;
    ActionResult result =
        cut
            ? new ActionResult(StepStatus.TIMED_OUT, null, "", false, "the soak of " + soak + " exceeds the timeout " + request.timeout(), Map.of())
            : new ActionResult(StepStatus.SUCCEEDED, null, "waited " + soak, false, null, Map.of());
    if (wait.isZero()) {
      return Future.succeededFuture(result);
    }
    Context context = vertx.getOrCreateContext();
    Promise<ActionResult> done = Promise.promise();
    long[] id = new long[1];
    id[0] = vertx.setTimer(Math.max(1, wait.toMillis()), t -> {
      timers.remove(id[0]);
      done.tryComplete(result);
    });
    timers.add(id[0]);
    cancellation.onCancel(reason -> context.runOnContext(v -> {
      if (vertx.cancelTimer(id[0])) {
        timers.remove(id[0]);
        done.tryComplete(ActionResult.cancelled(reason));
      }
    }));
    return done.future();
  }

  @Override
  public void close() {
    timers.forEach(vertx::cancelTimer);
    processThreads.shutdownNow(); // interrupts waiting threads, which kill their process trees
    client.close();
  }
}
