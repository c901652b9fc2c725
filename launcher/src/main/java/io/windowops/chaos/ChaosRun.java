package io.windowops.chaos;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rounds of concurrent windows against a {@link ChaosCluster} while service instances are
 * SIGKILLed (and restarted) at random moments, or the broker is restarted mid-round. After the
 * last round it compares what the topics say happened with what really happened: the lines in
 * the step sink and the deliveries the webhook receiver counted.
 */
public final class ChaosRun {

  /** How a run is shaped. */
  public record Options(int rounds, int windowsPerRound, boolean kills, boolean brokerRestarts, long seed) {}

  private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
  /** Long enough for every window of a round to be requested and approved under kills before it starts. */
  private static final Duration LEAD = Duration.ofSeconds(30);
  /**
   * How long kills go on in a round. Kafka notices a killed consumer only after its session
   * timeout, so a system killed faster than that never settles; after this period it must.
   */
  private static final Duration KILL_PERIOD = Duration.ofSeconds(75);
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration NOTICE_TIMEOUT = Duration.ofMinutes(2);
  /** Time for a late resend (a duplicate) to show up before counting. */
  private static final Duration GRACE = Duration.ofSeconds(3);

  private final ChaosCluster cluster;
  private final Options options;
  private final PrintWriter progress;
  private final Random random;

  ChaosRun(ChaosCluster cluster, Options options, PrintWriter progress) {
    this.cluster = cluster;
    this.options = options;
    this.progress = progress;
    this.random = new Random(options.seed());
  }

  /** Starts a cluster under {@code home}, runs the rounds, stops everything, and reports. */
  public static ChaosReport execute(Path home, Path examples, Options options, PrintWriter progress) throws Exception {
    String secret = "chaos-secret-" + java.util.UUID.randomUUID();
    try (ChaosCluster cluster = ChaosCluster.start(home, examples, secret)) {
      progress.println("cluster ready: broker, registry, " + cluster.processes().size() + " service JVMs; logs in " + home.resolve("logs"));
      progress.flush();
      return new ChaosRun(cluster, options, progress).run();
    }
  }

  ChaosReport run() throws Exception {
    String runTag = Long.toString(options.seed() & 0xffffff, 36).toUpperCase();
    String prefix = "CHAOS-" + runTag + "-";
    List<String> all = new ArrayList<>();
    int kills = 0;
    int brokerRestarts = 0;
    WindowRequests requests = new WindowRequests(cluster::schedulers);
    try (WindowWatcher watcher = new WindowWatcher(cluster.config(), prefix)) {
      for (int round = 1; round <= options.rounds(); round++) {
        List<String> ids = new ArrayList<>();
        for (int w = 1; w <= options.windowsPerRound(); w++) {
          ids.add(prefix + "R" + round + "-W" + w);
        }
        all.addAll(ids);
        long began = System.nanoTime();
        RandomKills killer = options.kills() ? RandomKills.start(cluster.processes(), new Random(random.nextLong()), KILL_PERIOD) : null;
        Thread brokerRestart = options.brokerRestarts() ? brokerRestart(new Random(random.nextLong())) : null;
        submit(requests, ids, Instant.now().plus(LEAD));
        awaitUntil(ROUND_TIMEOUT, () -> ids.stream().allMatch(id -> watcher.facts(id).map(f -> f.terminal != null).orElse(false)));
        if (brokerRestart != null) {
          brokerRestart.join();
          brokerRestarts++;
        }
        if (killer != null) {
          kills += killer.stop();
        }
        awaitUntil(NOTICE_TIMEOUT, () -> noticesArrived(watcher, ids));
        long terminal = ids.stream().filter(id -> watcher.facts(id).map(f -> f.terminal != null).orElse(false)).count();
        progress.printf("round %d: %d windows, %d terminal, %d kills so far, %.0f s%n",
            round, ids.size(), terminal, kills, (System.nanoTime() - began) / 1e9);
        progress.flush();
      }
      Thread.sleep(GRACE.toMillis());
      return count(watcher, all, kills, brokerRestarts);
    }
  }

  /** Requests and approves every window at once, from a few client threads. */
  private void submit(WindowRequests requests, List<String> ids, Instant start) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(Math.min(ids.size(), 16));
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (String id : ids) {
        Random r = new Random(random.nextLong());
        sent.add(clients.submit(() -> {
          requests.requestApproved(id, start, r);
          return null;
        }));
      }
      for (Future<?> f : sent) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          // Counted as lost below: the window never reaches a terminal state.
          LOG.error("A chaos window could not be requested: {}", e.getCause().toString());
        }
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private Thread brokerRestart(Random r) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(4_000 + r.nextInt(10_000));
        cluster.restartBroker(Duration.ofSeconds(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "chaos-broker-restart");
    t.start();
    return t;
  }

  private boolean noticesArrived(WindowWatcher watcher, List<String> ids) {
    Map<String, Long> received = cluster.receiver().counts();
    return ids.stream().allMatch(id -> watcher.facts(id)
        .map(f -> f.notices.stream().allMatch(n -> received.getOrDefault(id + "/" + n, 0L) > 0))
        .orElse(true));
  }

  private ChaosReport count(WindowWatcher watcher, List<String> ids, int kills, int brokerRestarts) throws Exception {
    Map<String, Long> sink = cluster.fixture().sinkCounts();
    Map<String, Long> received = cluster.receiver().counts();
    int lostWindows = 0, lostSteps = 0, lostNotices = 0, completed = 0, rolledBack = 0, missed = 0, other = 0;
    long duplicateSteps = 0, duplicateNotices = 0, effects = 0, notices = 0;
    for (String id : ids) {
      WindowWatcher.Facts f = watcher.facts(id).orElse(new WindowWatcher.Facts());
      if (f.terminal == null) {
        lostWindows++;
        LOG.error("Lost: window {} never reached a terminal state", id);
      } else if (f.terminal.equals("COMPLETED")) {
        completed++;
      } else if (f.terminal.equals("ROLLED_BACK")) {
        rolledBack++;
      } else if (f.terminal.equals("MISSED")) {
        missed++;
      } else {
        other++;
      }
      if (f.terminal != null && !f.terminal.equals("COMPLETED")) {
        // Not a loss (the window ended, its effects are accounted for), but worth knowing why.
        LOG.info("Window {} ended {} ({})", id, f.terminal, f.rollbackCause);
      }
      for (String step : ChaosFixture.stepIds()) {
        long lines = sink.getOrDefault(ChaosFixture.tag(id, step), 0L);
        effects += lines;
        if (f.succeededSteps.contains(step) && lines == 0) {
          lostSteps++;
          LOG.error("Lost: step {}/{} succeeded on the topics but its side effect is not in the sink", id, step);
        }
        if (lines > 1) {
          duplicateSteps += lines - 1;
          LOG.error("Duplicate: step {}/{} ran {} times", id, step, lines);
        }
      }
      for (String notice : f.notices) {
        long n = received.getOrDefault(id + "/" + notice, 0L);
        notices += Math.min(n, 1);
        if (n == 0) {
          lostNotices++;
          LOG.error("Lost: notice {}/{} fell due and was never delivered", id, notice);
        } else if (n > 1) {
          duplicateNotices += n - 1;
          LOG.error("Duplicate: notice {}/{} delivered {} times", id, notice, n);
        }
      }
    }
    return new ChaosReport(options.rounds(), ids.size(), kills, brokerRestarts, lostWindows, lostSteps, lostNotices,
        duplicateSteps, duplicateNotices, completed, rolledBack, missed, other, effects, notices);
  }

  private static void awaitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }
}
