package io.windowops.platform.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a consumer loop on a thread of its own and keeps it running: each session creates its
 * client, consumes until it is stopped or fails, and closes its client; after a failure the next
 * session starts after a backoff and resumes where the last one left off (committed offsets, or
 * the positions the loop keeps itself). Only {@link #stop} ends it; an {@link Error} ends the
 * thread, which the liveness check reports.
 */
public final class SupervisedLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedLoop.class);

  /** One session: runs until stopped (returns or throws) or until it fails (throws). */
  @FunctionalInterface
  public interface Session {
    void run() throws Exception;
  }

  private final String name;
  private final ConsumerHealth health;
  private final RestartBackoff backoff;
  private final Session session;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean running = true;
  private Thread thread;

  public SupervisedLoop(String name, ConsumerHealth health, RestartBackoff backoff, Session session) {
    this.name = name;
    this.health = health;
    this.backoff = backoff;
    this.session = session;
  }

  public void start() {
    thread = new Thread(this::supervise, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** False once {@link #stop} was called: sessions check it to tell a stop from a failure. */
  public boolean running() {
    return running;
  }

  /** Asks the loop to end; the owner wakes its client so the session returns. */
  public void stop() {
    running = false;
    stopRequested.countDown();
  }

  /** Waits for the thread to end after {@link #stop}; true if it did in time. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return thread == null || finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void supervise() {
    try {
      while (running) {
        health.starting(Thread.currentThread());
        long began = System.nanoTime();
        Exception failure;
        try {
          session.run();
          failure = new IllegalStateException("the session ended without being stopped");
        } catch (Exception e) {
          failure = e;
        }
        if (!running) {
          return;
        }
        Duration delay = backoff.delayAfter(Duration.ofNanos(System.nanoTime() - began));
        health.restarting(failure);
        LOG.error("{} failed; restarting it in {} ms (restart {})", name, delay.toMillis(), (long) health.restarts(), failure);
        if (stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      health.stopped();
      finished.countDown();
    }
  }
}
