package io.windowops.replay;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.ReservationEntry;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.schemas.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides the recorded admission commands again, as the admission owner of each partition did:
 * in offset order, against a reservation table of that partition built by the replay itself.
 * Each answer is compared with the recorded one on the requests topic (the record whose {@code
 * causationId} is the command's event id; its {@code occurredAt} is the owner's clock, so it is
 * taken from the record), and each change of the table with the reservations changelog.
 *
 * <p>After its first difference a window follows its recorded history: the table is restored
 * from the changelog as recorded up to that command (what a new owner of the partition would
 * restore), and the window's later commands change it as recorded, so other windows are decided
 * against what really happened.
 */
final class AdmissionReplay {

  /**
   * What the admission replay found.
   *
   * @param differences the first difference of each window, by window id
   * @param incomplete partitions not replayed, with the reason
   * @param commands admission commands decided again
   * @param outputsCompared recorded answers and changelog records compared
   */
  record Result(Map<String, Replayer.Found> differences, Map<String, String> incomplete, int commands, int outputsCompared) {}

  private final Admission admission;

  AdmissionReplay(Admission admission) {
    this.admission = admission;
  }

  Result replay(Recording recording) {
    Map<String, Recorded> answers = new HashMap<>();
    for (Recorded r : recording.inputs()) {
      if ((r.payload() instanceof SlotGranted || r.payload() instanceof SlotRefused) && r.metadata().getCausationId() != null) {
        answers.putIfAbsent(r.metadata().getCausationId(), r);
      }
    }
    Map<Integer, List<Recorded>> commands = new TreeMap<>();
    Map<Integer, List<Recorded>> changelogs = new TreeMap<>();
    for (Recorded r : recording.outputs()) {
      if (r.topic().equals(Topics.ADMISSIONS.name()) && r.value() != null) {
        commands.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
      } else if (r.topic().equals(Topics.RESERVATIONS.name())) {
        changelogs.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
      }
    }
    Map<String, Replayer.Found> differences = new TreeMap<>();
    Map<String, String> incomplete = new LinkedHashMap<>();
    Tally tally = new Tally();
    Set<Integer> partitions = new TreeSet<>(commands.keySet());
    partitions.addAll(changelogs.keySet()); // a changelog without commands is a gap too
    for (int partition : partitions) {
      List<Recorded> owned = commands.getOrDefault(partition, List.of());
      List<Recorded> changelog = changelogs.getOrDefault(partition, List.of());
      List<List<Recorded>> written = new ArrayList<>();
      String gap = ChangelogAlignment.align(owned, changelog, answers, written);
      if (gap != null) {
        incomplete.put(Topics.ADMISSIONS.name() + "[" + partition + "]", gap);
        continue;
      }
      new Owner(changelog, answers, differences, tally).replay(owned, written);
    }
    return new Result(differences, incomplete, tally.commands, tally.outputs);
  }

  private static final class Tally {
    int commands;
    int outputs;
  }

  /** The admission owner of one partition, replayed. */
  private final class Owner {
    private final List<Recorded> changelog;
    private final Map<String, Recorded> answers;
    private final Map<String, Replayer.Found> differences;
    private final Tally tally;
    private ReservationTable table = new ReservationTable();

    Owner(List<Recorded> changelog, Map<String, Recorded> answers, Map<String, Replayer.Found> differences, Tally tally) {
      this.changelog = changelog;
      this.answers = answers;
      this.differences = differences;
      this.tally = tally;
    }

    void replay(List<Recorded> commands, List<List<Recorded>> written) {
      int restoredUpTo = 0;
      for (int i = 0; i < commands.size(); i++) {
        Recorded command = commands.get(i);
        List<Recorded> recorded = written.get(i);
        Recorded answer = answers.get(command.metadata().getEventId());
        restoredUpTo += recorded.size();
        tally.commands++;
        tally.outputs += recorded.size() + (answer == null ? 0 : 1);
        String windowId = command.windowId();
        if (differences.containsKey(windowId)) {
          recorded.forEach(r -> apply(table, r)); // after its difference: the recorded history
          continue;
        }
        Difference difference = decide(command, answer, recorded);
        if (difference != null) {
          differences.put(windowId, new Replayer.Found(command.metadata().getOccurredAt(), difference));
          table = new ReservationTable();
          changelog.subList(0, restoredUpTo).forEach(r -> apply(table, r));
        }
      }
    }

    /** Decides one command again; its first difference with the recorded answer and changes, or null. */
    private Difference decide(Recorded command, Recorded answer, List<Recorded> recorded) {
      AdmissionCommandEnvelope c = (AdmissionCommandEnvelope) command.value();
      // The answer's time is the owner's clock, not an input of the decision: the recorded one.
      Instant answeredAt = answer != null ? answer.metadata().getOccurredAt() : c.getMetadata().getOccurredAt();
      String input = Replayer.describe(command, answeredAt);
      String windowId = c.getMetadata().getWindowId();
      Admission.Outcome outcome;
      try {
        outcome = admission.decide(table, c, answeredAt);
      } catch (RuntimeException e) {
        return new Difference(windowId, input, "the admission decision", "decide failed: " + e,
            Replayer.render(answer == null ? null : answer.value()));
      }
      Object recordedAnswer = answer == null ? null : answer.value();
      if (!Objects.equals(outcome.answer(), recordedAnswer)) {
        return new Difference(windowId, input, Topics.REQUESTS.name() + " answer",
            Replayer.render(outcome.answer()), Replayer.render(recordedAnswer));
      }
      // A claim command holds one claim, a release lets several go: in the order of the owner's
      // table, which a table restored from the changelog does not keep, so compared by key.
      List<Change> expected = new ArrayList<>();
      outcome.held().forEach(e -> expected.add(new Change(ReservationTable.key(e), e)));
      outcome.released().forEach(e -> expected.add(new Change(ReservationTable.key(e), null)));
      expected.sort(Comparator.comparing(Change::key));
      List<Change> written = new ArrayList<>();
      recorded.forEach(r -> written.add(new Change(r.key(), r.value())));
      written.sort(Comparator.comparing(Change::key));
      for (int i = 0; i < Math.max(expected.size(), written.size()); i++) {
        Change wanted = i < expected.size() ? expected.get(i) : null;
        Change got = i < written.size() ? written.get(i) : null;
        if (!Objects.equals(wanted, got)) {
          return new Difference(windowId, input, Topics.RESERVATIONS.name() + " record " + (i + 1) + " of the decision",
              render(wanted), render(got));
        }
      }
      return null;
    }
  }

  /** A changelog record applied to a table, as the admission owner restores it. */
  static void apply(ReservationTable table, Recorded change) {
    if (change.value() instanceof ReservationEntry entry) {
      table.put(entry);
    } else {
      String key = change.key();
      int slash = key.lastIndexOf('/');
      table.remove(key.substring(0, slash), key.substring(slash + 1));
    }
  }

  /** One record of the changelog: a claim held under its key, or a tombstone (null) releasing it. */
  private record Change(String key, Object entry) {}

  /** A change as its key and the entry held, or a tombstone; "nothing" for none. */
  private static String render(Change change) {
    return change == null ? "nothing" : change.key() + " -> " + (change.entry() == null ? "tombstone" : change.entry());
  }
}
