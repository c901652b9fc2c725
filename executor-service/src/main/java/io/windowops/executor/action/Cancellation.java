package io.windowops.executor.action;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Asks one run to stop early (a CancelStep: the window is rolling back). Thread-safe: cancelled on
 * the verticle's context, observed by a process thread or a timer. Cancelling twice keeps the
 * first reason.
 */
public final class Cancellation {

  private final CompletableFuture<String> reason = new CompletableFuture<>();

  /** A token nobody cancels, for runs without a CancelStep path (tests, tools). */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Returns false when it was already cancelled. */
  public boolean cancel(String why) {
    return reason.complete(why);
  }

  public boolean cancelled() {
    return reason.isDone();
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason.getNow(null));
  }

  /** Runs {@code hook} with the reason once cancelled: at once if it already is, else on the cancelling thread. */
  public void onCancel(Consumer<String> hook) {
    reason.thenAccept(hook);
  }

  /** Completes when cancelled; a blocking runner waits on it alongside its process. */
  CompletableFuture<String> whenCancelled() {
    return reason;
  }

  /** The error recorded in a cancelled run's outcome. */
  public static String error(String reason) {
    return "cancelled: " + reason;
  }
}
