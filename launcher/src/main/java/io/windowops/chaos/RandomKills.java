package io.windowops.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGKILLs a random live service instance every 2–6 s (at most two down at once, so sometimes
 * both instances of a service) and restarts each one after a short pause, as a supervisor would,
 * for a limited period: then the system must recover with everything running. {@link #stop()}
 * stops killing and returns once every instance is back and ready.
 */
final class RandomKills {

  private static final Logger LOG = LoggerFactory.getLogger(RandomKills.class);
  private static final Duration READY = Duration.ofMinutes(4);
  private static final int MAX_DOWN = 2;

  private final List<ServiceProcess> processes;
  private final Random random;
  private final AtomicInteger kills = new AtomicInteger();
  private final AtomicInteger down = new AtomicInteger();
  private final List<Thread> restarts = new ArrayList<>();
  private final Thread thread;
  private final long killUntil;
  private volatile boolean running = true;

  private RandomKills(List<ServiceProcess> processes, Random random, Duration period) {
    this.processes = processes;
    this.random = random;
    this.killUntil = System.nanoTime() + period.toNanos();
    this.thread = new Thread(this::run, "chaos-killer");
  }

  /** Kills for {@code period} from now. */
  static RandomKills start(List<ServiceProcess> processes, Random random, Duration period) {
    RandomKills k = new RandomKills(processes, random, period);
    k.thread.start();
    return k;
  }

  /** Stops killing, waits for every restart, and returns the number of kills. */
  int stop() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    List<Thread> pending;
    synchronized (restarts) {
      pending = new ArrayList<>(restarts);
    }
    for (Thread t : pending) {
      t.join();
    }
    return kills.get();
  }

  private void run() {
    try {
      while (running) {
        Thread.sleep(2_000 + random.nextInt(4_000));
        if (System.nanoTime() > killUntil) {
          return;
        }
        if (down.get() >= MAX_DOWN) {
          continue;
        }
        List<ServiceProcess> alive = processes.stream().filter(ServiceProcess::up).toList();
        if (alive.isEmpty() || !running) {
          continue;
        }
        ServiceProcess victim = alive.get(random.nextInt(alive.size()));
        down.incrementAndGet();
        victim.kill();
        kills.incrementAndGet();
        LOG.info("Chaos: SIGKILLed {}", victim);
        long pause = 300 + random.nextInt(1_500);
        Thread restart = new Thread(() -> restart(victim, pause), "chaos-restart-" + victim);
        synchronized (restarts) {
          restarts.add(restart);
        }
        restart.start();
      }
    } catch (InterruptedException stopping) {
      // stop() was called
    }
  }

  private void restart(ServiceProcess p, long pauseMillis) {
    try {
      Thread.sleep(pauseMillis);
      for (int attempt = 1; ; attempt++) {
        try {
          p.start();
          p.awaitReady(READY);
          LOG.info("Chaos: {} is back", p);
          return;
        } catch (Exception e) {
          LOG.warn("Chaos: restarting {} failed (attempt {}): {}", p, attempt, e.toString());
          p.kill();
          if (attempt == 3) {
            return;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      down.decrementAndGet();
    }
  }
}
