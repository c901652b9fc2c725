package io.windowops.replay;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.runtime.WindowReadModel;
import io.windowops.scheduler.saga.Decider;
import io.windowops.scheduler.saga.Decision;
import io.windowops.scheduler.saga.SagaInput;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Rebuilds the scheduler's state from its recorded inputs by running {@code decide} again, and
 * compares every decision with what the scheduler recorded. Pure: it reads a {@link Recording}
 * and writes nothing anywhere.
 *
 * <p>What {@code decide} depends on besides the state and the input, reproduced from the record:
 *
 * <ul>
 *   <li>{@code now}: the decision time the scheduler recorded with the decision (the snapshot's
 *       {@code updatedAt}, also every emitted record's {@code occurredAt}); for an input that
 *       changed nothing, the input's record timestamp (or the previous decision's time, if later).
 *   <li>the order of inputs across the four input topics: the order of the window's snapshots.
 *   <li>nothing of the other windows: the admission owner's answer to a slot claim (SlotGranted,
 *       SlotRefused) is itself a recorded input on the requests topic.
 *   <li>the policy: whatever the given {@link Decider} was built with.
 * </ul>
 *
 * An input that changed nothing is placed where the recorded order allows (after the inputs
 * before it on its partition and after the decision that caused it, before the inputs after
 * it); it is a difference only if {@code decide} now changes something at every such place.
 * After its first difference a window follows its recorded history, compared no further, so a
 * changed rule is reported once, at its root, and other windows see what really happened.
 */
public final class Replayer {

  private final Decider decider;

  public Replayer(Decider decider) {
    this.decider = decider;
  }

  public ReplayReport replay(Recording recording) {
    Map<String, Track> tracks = new LinkedHashMap<>();
    Map<String, String> incomplete = new LinkedHashMap<>();
    for (WindowHistory h : WindowHistory.of(recording)) {
      Track t = new Track(h);
      if (h.incomplete != null) {
        // Not replayed, but other windows' plans were checked against it: its recorded states.
        incomplete.put(h.windowId, h.incomplete);
        h.recordedStates.forEach(s -> t.advance(s.getUpdatedAt(), s));
        t.replayed = false;
      }
      tracks.put(h.windowId, t);
    }
    Counts counts = new Counts();
    replayDecisions(tracks, counts);
    for (Track t : tracks.values()) {
      if (t.replayed && t.difference == null) {
        checkUnapplied(t, tracks, counts);
      }
    }
    List<Difference> differences = new ArrayList<>();
    int windows = 0;
    for (Track t : tracks.values()) {
      windows += t.replayed && !t.history.steps.isEmpty() ? 1 : 0;
      if (t.difference != null) {
        differences.add(t.difference);
      }
    }
    return new ReplayReport(windows, counts.inputs, counts.outputs, differences, incomplete, recording.undecodable());
  }

  /** Every recorded decision of every window, in decision-time order across windows. */
  private void replayDecisions(Map<String, Track> tracks, Counts counts) {
    PriorityQueue<Track> next =
        new PriorityQueue<>(Comparator.comparing(Track::nextTime).thenComparing(t -> t.history.windowId));
    tracks.values().stream().filter(Track::hasNext).forEach(next::add);
    while (!next.isEmpty()) {
      Track t = next.poll();
      replay(t, t.history.steps.get(t.position()), tracks, counts);
      if (t.hasNext()) {
        next.add(t);
      }
    }
  }

  private void replay(Track t, WindowHistory.Step step, Map<String, Track> tracks, Counts counts) {
    counts.inputs++;
    if (t.difference != null) {
      t.advance(step.now(), step.state()); // after a difference: the recorded history
      return;
    }
    WindowStateSnapshot before = t.current();
    counts.outputs += 1 + step.outputs().values().stream().mapToInt(List::size).sum();
    Difference difference = null;
    Decision decision = null;
    for (Instant view : views(step, tracks, t)) {
      Difference found;
      try {
        decision = decider.decide(before, input(step.input(), tracks, t, view), step.now());
        found = compare(t.history.windowId, step, before, decision);
      } catch (RuntimeException e) {
        found = new Difference(t.history.windowId, describe(step.input(), step.now()), "the decision",
            "decide failed: " + e, recordedFirst(step));
      }
      if (found == null) {
        difference = null;
        break;
      }
      difference = difference == null ? found : difference; // the view at the decision time is reported
    }
    t.difference = difference;
    t.advance(step.now(), difference == null ? decision.state() : step.state());
  }

  /** Decisions depend on the window's own inputs alone (admission answers are inputs): one view. */
  private static List<Instant> views(WindowHistory.Step step, Map<String, Track> tracks, Track self) {
    return List.of(step.now());
  }

  /** The first difference between a replayed decision and the recorded one, or null. */
  private static Difference compare(
      String windowId, WindowHistory.Step step, WindowStateSnapshot before, Decision decision) {
    String input = describe(step.input(), step.now());
    if (decision.state() == null || decision.changesNothing(before)) {
      return new Difference(windowId, input, "the decision", "nothing", recordedFirst(step));
    }
    Map<String, List<?>> expected =
        Map.of(
            Topics.WINDOWS.name(), decision.events(),
            Topics.STEPS.name(), decision.stepCommands(),
            Topics.VALIDATIONS.name(), decision.validationCommands());
    for (String topic : List.of(Topics.WINDOWS.name(), Topics.STEPS.name(), Topics.VALIDATIONS.name())) {
      List<?> wanted = expected.get(topic);
      List<Recorded> got = step.outputs().getOrDefault(topic, List.of());
      for (int i = 0; i < Math.max(wanted.size(), got.size()); i++) {
        Object w = i < wanted.size() ? wanted.get(i) : null;
        Object g = i < got.size() ? got.get(i).value() : null;
        if (w == null || !w.equals(g)) {
          return new Difference(windowId, input, topic + " record " + (i + 1) + " of the decision", render(w), render(g));
        }
      }
    }
    List<String> fields = differingFields(decision.state(), step.state());
    if (!fields.isEmpty()) {
      return new Difference(windowId, input, Topics.WINDOW_STATE.name() + " snapshot, fields " + fields,
          fieldValues(decision.state(), fields), fieldValues(step.state(), fields));
    }
    return null;
  }

  /**
   * Each input that changed nothing must still change nothing at some place the recorded order
   * allows; the first place it would change something is reported otherwise.
   */
  private void checkUnapplied(Track t, Map<String, Track> tracks, Counts counts) {
    WindowHistory h = t.history;
    int n = h.steps.size();
    long reportedAt = Long.MAX_VALUE;
    for (Recorded u : h.unapplied) {
      counts.inputs++;
      int lo = 0;
      int hi = n;
      for (int j = 0; j < n; j++) {
        Recorded applied = h.steps.get(j).input();
        if (WindowHistory.samePartition(applied, u)) {
          if (applied.offset() < u.offset()) {
            lo = Math.max(lo, j + 1);
          } else {
            hi = Math.min(hi, j);
          }
        }
      }
      lo = Math.max(lo, h.stepThatEmitted(u.metadata().getCausationId()) + 1);
      if (lo == 0 && n > 0 && !(u.payload() instanceof MaintenanceRequested)) {
        lo = 1; // only a request can have come before the window existed
      }
      hi = Math.max(lo, hi);
      // Where its record timestamp puts it: reported if it acts at every allowed place.
      int likely = lo;
      while (likely < hi && !t.times.get(likely).isAfter(Instant.ofEpochMilli(u.timestamp()))) {
        likely++;
      }
      Difference first = null;
      for (int p = lo; p <= hi; p++) {
        Instant at = Instant.ofEpochMilli(u.timestamp());
        Instant now = p == 0 || at.isAfter(t.times.get(p - 1)) ? at : t.times.get(p - 1);
        WindowStateSnapshot state = t.states.get(p);
        String input = describe(u, now);
        try {
          Decision d = decider.decide(state, input(u, tracks, t, now), now);
          if (d.state() == null || d.changesNothing(state)) {
            first = null;
            break;
          }
          if (first == null || p == likely) {
            first = new Difference(h.windowId, input, "the decision", firstOutput(d, state), "nothing");
          }
        } catch (RuntimeException e) {
          if (first == null || p == likely) {
            first = new Difference(h.windowId, input, "the decision", "decide failed: " + e, "nothing");
          }
        }
      }
      if (first != null && (t.difference == null || u.timestamp() < reportedAt)) {
        t.difference = first; // the earliest such input is the one reported
        reportedAt = u.timestamp();
      }
    }
  }

  private static SagaInput input(Recorded r, Map<String, Track> tracks, Track self, Instant now) {
    Object value = r.value();
    if (value instanceof RequestEnvelope request) {
      return new SagaInput.Request(request);
    } else if (value instanceof StepResultEnvelope result) {
      return new SagaInput.StepResult(result);
    } else if (value instanceof ValidationResultEnvelope result) {
      return new SagaInput.ValidationResult(result);
    }
    return new SagaInput.NotificationResult((NotificationEnvelope) value);
  }

  static List<String> differingFields(WindowStateSnapshot expected, WindowStateSnapshot recorded) {
    List<String> fields = new ArrayList<>();
    for (Schema.Field f : WindowStateSnapshot.getClassSchema().getFields()) {
      if (!sameValue(expected.get(f.pos()), recorded.get(f.pos()))) {
        fields.add(f.name());
      }
    }
    return fields;
  }

  /** Equality across Avro's array type and Java lists (a decoded record holds the former). */
  private static boolean sameValue(Object a, Object b) {
    if (a instanceof List<?> x && b instanceof List<?> y) {
      return new ArrayList<>(x).equals(new ArrayList<>(y));
    }
    return a == null ? b == null : a.equals(b);
  }

  private static String fieldValues(WindowStateSnapshot s, List<String> fields) {
    StringBuilder b = new StringBuilder();
    for (String f : fields) {
      b.append(b.length() == 0 ? "" : "; ").append(f).append('=').append(s.get(f));
    }
    return b.toString();
  }

  /** An envelope as its payload's type and the whole record in Avro's JSON, or "nothing". */
  static String render(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof SpecificRecord r && r.getSchema().getField("payload") != null
        && r.get(r.getSchema().getField("payload").pos()) instanceof SpecificRecord payload) {
      return payload.getSchema().getName() + " " + value;
    }
    return value.toString();
  }

  private static String firstOutput(Decision d, WindowStateSnapshot before) {
    if (!d.events().isEmpty()) {
      return render(d.events().get(0));
    } else if (!d.stepCommands().isEmpty()) {
      return render(d.stepCommands().get(0));
    } else if (!d.validationCommands().isEmpty()) {
      return render(d.validationCommands().get(0));
    }
    return before == null
        ? "a new window: " + d.state()
        : "a state change of fields " + differingFields(d.state(), before);
  }

  private static String recordedFirst(WindowHistory.Step step) {
    for (String topic : List.of(Topics.WINDOWS.name(), Topics.STEPS.name(), Topics.VALIDATIONS.name())) {
      List<Recorded> out = step.outputs().getOrDefault(topic, List.of());
      if (!out.isEmpty()) {
        return render(out.get(0).value());
      }
    }
    return "a state change to " + step.state();
  }

  private static String describe(Recorded input, Instant now) {
    return input.position() + " " + input.type() + " (eventId " + input.metadata().getEventId()
        + ", decided at " + now + ")";
  }

  private static final class Counts {
    int inputs;
    int outputs;
  }

  /** A window being replayed: its states after each decision and when each was taken. */
  private static final class Track {
    final WindowHistory history;
    final List<Instant> times = new ArrayList<>();
    final List<WindowStateSnapshot> states = new ArrayList<>();
    /** False for an incomplete window: it holds its recorded states only. */
    boolean replayed = true;
    Difference difference;

    Track(WindowHistory history) {
      this.history = history;
      states.add(null);
    }

    int position() {
      return times.size();
    }

    boolean hasNext() {
      return replayed && position() < history.steps.size();
    }

    Instant nextTime() {
      return history.steps.get(position()).now();
    }

    WindowStateSnapshot current() {
      return states.get(states.size() - 1);
    }

    void advance(Instant at, WindowStateSnapshot state) {
      times.add(at);
      states.add(state);
    }

    /** The state after the last decision taken before {@code t} (null if none). */
    WindowStateSnapshot before(Instant t) {
      for (int i = times.size() - 1; i >= 0; i--) {
        if (times.get(i).isBefore(t)) {
          return states.get(i + 1);
        }
      }
      return null;
    }
  }
}
