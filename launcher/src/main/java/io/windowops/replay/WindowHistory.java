package io.windowops.replay;

import io.windowops.events.EventMetadata;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window's recorded life, reassembled from the topics: the decisions the scheduler took, in
 * order, and the inputs that changed nothing.
 *
 * <p>Each snapshot on the state topic is one decision: its {@code processedEventIds[0]} is the
 * input it decided, its {@code updatedAt} the {@code now} the scheduler decided with, and the
 * records it emitted are the window's outputs with sequence numbers from the previous snapshot's
 * {@code lastSequence} (exclusive) to its own (inclusive). Snapshots chain: each one's
 * {@code processedEventIds[1]} is the previous one's {@code [0]}, so a gap (a compacted state
 * topic, an expired input) is detected and the window is reported incomplete, not compared.
 */
final class WindowHistory {

  /** One recorded decision: the input, the time it was decided at, and what it produced. */
  record Step(Recorded input, Instant now, WindowStateSnapshot state, Map<String, List<Recorded>> outputs) {}

  final String windowId;
  final List<Step> steps = new ArrayList<>();
  /** Inputs the scheduler decided without any effect: stale, duplicate or not applicable. */
  final List<Recorded> unapplied = new ArrayList<>();
  /** Why the history cannot be replayed (null when it can). */
  String incomplete;
  /** Every recorded output of the window by sequence number (to place inputs they caused). */
  final TreeMap<Long, Recorded> outputsBySequence = new TreeMap<>();

  private WindowHistory(String windowId) {
    this.windowId = windowId;
  }

  /**
   * Every window of the recording, with its history. A record belongs to the window its {@link
   * Recorded#windowId()} names (the admission commands are keyed by environment); the reservations
   * changelog is the admission owner's, not a window's output.
   */
  static List<WindowHistory> of(Recording recording) {
    Map<String, List<Recorded>> inputs = new HashMap<>();
    Map<String, List<WindowStateSnapshot>> snapshots = new HashMap<>();
    Map<String, WindowHistory> histories = new TreeMap<>();
    for (Recorded r : recording.inputs()) {
      inputs.computeIfAbsent(r.windowId(), k -> new ArrayList<>()).add(r);
      histories.computeIfAbsent(r.windowId(), WindowHistory::new);
    }
    for (Recorded r : recording.outputs()) {
      if (r.topic().equals(Topics.RESERVATIONS.name())) {
        continue;
      }
      WindowHistory h = histories.computeIfAbsent(r.windowId(), WindowHistory::new);
      if (r.topic().equals(Topics.WINDOW_STATE.name())) {
        if (r.value() == null) {
          h.incomplete = "its state was deleted (tombstone at " + r.position() + ")";
        }
        snapshots.computeIfAbsent(r.windowId(), k -> new ArrayList<>()).add((WindowStateSnapshot) r.value());
      } else if (r.metadata() != null) {
        h.outputsBySequence.put(r.metadata().getSequence(), r);
      }
    }
    for (WindowHistory h : histories.values()) {
      h.assemble(inputs.getOrDefault(h.windowId, List.of()), snapshots.getOrDefault(h.windowId, List.of()));
    }
    return List.copyOf(histories.values());
  }

  private void assemble(List<Recorded> inputs, List<WindowStateSnapshot> snapshots) {
    List<Recorded> pool = new ArrayList<>(inputs);
    WindowStateSnapshot previous = null;
    for (WindowStateSnapshot s : snapshots) {
      if (s == null || incomplete != null) {
        return;
      }
      List<String> processed = s.getProcessedEventIds();
      boolean chained =
          previous == null
              ? processed.size() == 1
              : processed.size() > 1 && processed.get(1).equals(previous.getProcessedEventIds().get(0));
      if (processed.isEmpty() || !chained) {
        incomplete = "its state history has a gap before the snapshot of sequence " + s.getLastSequence()
            + " (a compacted state topic?)";
        return;
      }
      String cause = processed.get(0);
      Recorded input = pool.stream().filter(r -> cause.equals(r.metadata().getEventId())).findFirst().orElse(null);
      if (input == null) {
        incomplete = "input " + cause + " is no longer on the input topics (retention?)";
        return;
      }
      pool.remove(input);
      long from = previous == null ? 0 : previous.getLastSequence();
      Map<String, List<Recorded>> outputs = new HashMap<>();
      for (Recorded out : outputsBySequence.subMap(from, false, s.getLastSequence(), true).values()) {
        outputs.computeIfAbsent(out.topic(), t -> new ArrayList<>()).add(out);
      }
      steps.add(new Step(input, s.getUpdatedAt(), s, outputs));
      previous = s;
    }
    unapplied.addAll(pool);
  }

  /** The decision (index) that emitted the output with this event id, or -1. */
  int stepThatEmitted(String eventId) {
    if (eventId == null) {
      return -1;
    }
    for (Recorded out : outputsBySequence.values()) {
      EventMetadata m = out.metadata();
      if (eventId.equals(m.getEventId())) {
        for (int i = 0; i < steps.size(); i++) {
          if (steps.get(i).state().getLastSequence() >= m.getSequence()) {
            return i;
          }
        }
      }
    }
    return -1;
  }

  /** Whether two records come from the same topic partition. */
  static boolean samePartition(Recorded a, Recorded b) {
    return a.topic().equals(b.topic()) && a.partition() == b.partition();
  }
}
