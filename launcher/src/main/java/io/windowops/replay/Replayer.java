package io.windowops.replay;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.saga.Decider;
import io.windowops.scheduler.saga.Decision;
import io.windowops.scheduler.saga.SagaInput;
import io.windowops.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Rebuilds the scheduler's state from its recorded inputs by running {@code decide} again, and
 * compares every decision with what the scheduler recorded; then decides the recorded admission
 * commands again ({@link AdmissionReplay}). Pure: it reads a {@link Recording} and writes nothing
 * anywhere.
 *
 * <p>What {@code decide} depends on besides the state and the input, reproduced from the record:
 *
 * <ul>
 *   <li>{@code now}: the decision time the scheduler recorded with the decision (the snapshot's
 *       {@code updatedAt}, also every emitted record's {@code occurredAt}); for an input that
 *       changed nothing, the input's record timestamp (or the previous decision's time, if later).
 *   <li>the order of inputs across the four input topics: the order of the window's snapshots.
 *   <li>nothing of the other windows: the admission owner's answer to a slot claim (SlotGranted,
 *       SlotRefused) is itself a recorded input on the requests topic, so every window is
 *       replayed on its own; the answers are checked by replaying the admission.
 *   <li>the policy: whatever the given {@link Decider} and {@link Admission} were built with.
 * </ul>
 *
 * An input that changed nothing is placed where the recorded order allows (after the inputs
 * before it on its partition and after the decision that caused it, before the inputs after
 * it); it is a difference only if {@code decide} now changes something at every such place.
 * After its first difference a window follows its recorded history, compared no further, so a
 * changed rule is reported once, at its root. A window whose saga and admission both differ is
 * reported at the earlier of the two (the saga's, when it emitted the claim that differs).
 */
public final class Replayer {

  /** The outputs of a saga decision, in the order they are compared. */
  private static final List<String> OUTPUT_TOPICS =
      List.of(Topics.WINDOWS.name(), Topics.STEPS.name(), Topics.VALIDATIONS.name(), Topics.ADMISSIONS.name());

  /** A window's first difference and when its input was decided (or its claim asked). */
  record Found(Instant at, Difference difference) {}

  private final Decider decider;
  private final Admission admission;

  public Replayer(Decider decider, Admission admission) {
    this.decider = decider;
    this.admission = admission;
  }

  public ReplayReport replay(Recording recording) {
    Map<String, String> incomplete = new LinkedHashMap<>();
    Map<String, Found> found = new TreeMap<>();
    Counts counts = new Counts();
    int windows = 0;
    for (WindowHistory h : WindowHistory.of(recording)) {
      if (h.incomplete != null) {
        incomplete.put(h.windowId, h.incomplete);
        continue;
      }
      Track t = new Track(h);
      h.steps.forEach(step -> replay(t, step, counts));
      if (t.difference == null) {
        checkUnapplied(t, counts);
      }
      windows += h.steps.isEmpty() ? 0 : 1;
      if (t.difference != null) {
        found.put(h.windowId, new Found(t.differenceAt, t.difference));
      }
    }
    AdmissionReplay.Result admitted = new AdmissionReplay(admission).replay(recording);
    incomplete.putAll(admitted.incomplete());
    admitted.differences().forEach((window, f) -> found.merge(window, f, (saga, adm) -> adm.at().isBefore(saga.at()) ? adm : saga));
    return new ReplayReport(windows, counts.inputs + admitted.commands(), counts.outputs + admitted.outputsCompared(),
        found.values().stream().map(Found::difference).toList(), incomplete, recording.undecodable());
  }

  private void replay(Track t, WindowHistory.Step step, Counts counts) {
    counts.inputs++;
    if (t.difference != null) {
      t.advance(step.now(), step.state()); // after a difference: the recorded history
      return;
    }
    WindowStateSnapshot before = t.current();
    counts.outputs += 1 + step.outputs().values().stream().mapToInt(List::size).sum();
    Decision decision = null;
    Difference difference;
    try {
      decision = decider.decide(before, input(step.input()), step.now());
      difference = compare(t.history.windowId, step, before, decision);
    } catch (RuntimeException e) {
      difference = new Difference(t.history.windowId, describe(step.input(), step.now()), "the decision",
          "decide failed: " + e, recordedFirst(step));
    }
    if (difference != null) {
      t.differ(step.now(), difference);
    }
    t.advance(step.now(), difference == null ? decision.state() : step.state());
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
            Topics.VALIDATIONS.name(), decision.validationCommands(),
            Topics.ADMISSIONS.name(), decision.admissionCommands());
    for (String topic : OUTPUT_TOPICS) {
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
  private void checkUnapplied(Track t, Counts counts) {
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
          Decision d = decider.decide(state, input(u), now);
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
        t.differ(Instant.ofEpochMilli(u.timestamp()), first); // the earliest such input is the one reported
        reportedAt = u.timestamp();
      }
    }
  }

  private static SagaInput input(Recorded r) {
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
    } else if (!d.admissionCommands().isEmpty()) {
      return render(d.admissionCommands().get(0));
    }
    return before == null
        ? "a new window: " + d.state()
        : "a state change of fields " + differingFields(d.state(), before);
  }

  private static String recordedFirst(WindowHistory.Step step) {
    for (String topic : OUTPUT_TOPICS) {
      List<Recorded> out = step.outputs().getOrDefault(topic, List.of());
      if (!out.isEmpty()) {
        return render(out.get(0).value());
      }
    }
    return "a state change to " + step.state();
  }

  static String describe(Recorded input, Instant now) {
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
    Difference difference;
    /** When the input of the difference was decided (to order it against an admission's). */
    Instant differenceAt;

    Track(WindowHistory history) {
      this.history = history;
      states.add(null);
    }

    WindowStateSnapshot current() {
      return states.get(states.size() - 1);
    }

    void advance(Instant at, WindowStateSnapshot state) {
      times.add(at);
      states.add(state);
    }

    void differ(Instant at, Difference found) {
      difference = found;
      differenceAt = at;
    }
  }
}
