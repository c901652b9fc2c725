package io.windowops.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases that drive real windows through the scheduler and the executor: the step round trip
 * under light load, sustained step transitions with many windows, and timer lateness.
 */
final class WindowPhases {

  /** What the throughput phase saw. */
  record Throughput(int windows, int steps, double transitionsPerSecond, long completed, long duplicateRunSteps, double logEntriesPerTransition) {}

  /** What the lateness phase saw. */
  record Lateness(Distribution lateness, long scheduledBeforeStart, long opened, double intakeSeconds) {}

  private final WindowRequests requests;
  private final WindowTraces traces;
  private final LogVolume volume;

  WindowPhases(WindowRequests requests, WindowTraces traces, LogVolume volume) {
    this.requests = requests;
    this.traces = traces;
    this.volume = volume;
  }

  /** Windows of {@code steps} no-op steps, all starting in {@code lead}; waits until all ended. */
  List<String> runWindows(String prefix, int windows, int steps, Duration lead, Duration timeout) throws InterruptedException {
    Instant start = Instant.now().plus(lead).truncatedTo(ChronoUnit.MILLIS);
    List<String> ids = ids(prefix, windows);
    ids.forEach(id -> requests.requestApproved(id, start, steps));
    requests.flush();
    awaitEnded(prefix, ids, timeout);
    return ids;
  }

  /** Step round trips: between consecutive RunSteps of one window. */
  List<Double> stepRoundTrips(List<String> ids) {
    List<Double> trips = new ArrayList<>();
    for (String id : ids) {
      List<Long> times = traces.get(id).runStepTimes();
      for (int i = 1; i < times.size(); i++) {
        trips.add((double) (times.get(i) - times.get(i - 1)));
      }
    }
    return trips;
  }

  Throughput throughput(int windows, int steps) throws Exception {
    long entriesBefore = volume.entries();
    List<String> ids = runWindows("BENCH-TPUT-", windows, steps, Duration.ofMillis(3_000 + 3L * windows), Duration.ofMinutes(10));
    long entries = volume.entries() - entriesBefore;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long runSteps = 0;
    for (String id : ids) {
      WindowTraces.Trace t = traces.get(id);
      List<Long> times = t.runStepTimes();
      first = Math.min(first, times.get(0));
      last = Math.max(last, t.ended);
      runSteps += times.size();
    }
    long transitions = (long) windows * steps;
    long completed = traces.count(ids, t -> "WindowCompleted".equals(t.end));
    return new Throughput(
        windows, steps, transitions / ((last - first) / 1000.0), completed, runSteps - transitions, (double) entries / transitions);
  }

  /** {@code windows} one-step windows whose starts are spread evenly over {@code spread}. */
  Lateness timerLateness(int windows, Duration spread, Duration lead) throws InterruptedException {
    long requested = System.currentTimeMillis();
    Instant first = Instant.now().plus(lead).truncatedTo(ChronoUnit.MILLIS);
    List<String> ids = ids("BENCH-LATE-", windows);
    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      Instant start = first.plusMillis(spread.toMillis() * i / windows);
      starts.add(start);
      requests.requestApproved(ids.get(i), start, 1);
    }
    requests.flush();
    awaitEnded("BENCH-LATE-", ids, lead.plus(spread).plus(Duration.ofMinutes(5)));
    List<Double> late = new ArrayList<>();
    long inTime = 0;
    long lastScheduled = requested;
    for (int i = 0; i < windows; i++) {
      WindowTraces.Trace t = traces.get(ids.get(i));
      if (t.scheduled >= 0 && t.scheduled <= starts.get(i).toEpochMilli()) {
        inTime++;
      }
      lastScheduled = Math.max(lastScheduled, t.scheduled);
      if (t.opened >= 0) {
        late.add((double) Math.max(0, t.opened - starts.get(i).toEpochMilli()));
      }
    }
    // The lead must cover the intake (request and approval of every window), or lateness measures that.
    return new Lateness(Distribution.of(late), inTime, late.size(), (lastScheduled - requested) / 1000.0);
  }

  private void awaitEnded(String what, List<String> ids, Duration timeout) throws InterruptedException {
    if (!traces.await(ids, t -> t.ended >= 0, timeout)) {
      throw new IllegalStateException(
          what + ": " + traces.count(ids, t -> t.ended >= 0) + " of " + ids.size() + " windows ended within " + timeout);
    }
    long failed = ids.size() - traces.count(ids, t -> "WindowCompleted".equals(t.end));
    if (failed > 0) {
      throw new IllegalStateException(what + ": " + failed + " windows did not complete (see the bench log)");
    }
  }

  private static List<String> ids(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    String run = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("%s%s-%05d", prefix, run, i));
    }
    return ids;
  }
}
