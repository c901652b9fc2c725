package io.windowops.validator.run;

import io.windowops.events.ValidationProgressState;
import io.windowops.validator.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the ledger says about the validations of the partitions this instance owns, and which of
 * them to start (pure, no I/O). A validation is started once the partitions are caught up, from
 * its latest progress entry, or from its accepted entry if it has none; never when the ledger
 * says it was reported, and never twice. Entries for a validation already running are its own
 * writes coming back and change nothing.
 */
final class LedgerView {

  /** Validation key to partition, for the ones running here. */
  private final Map<String, Integer> running = new HashMap<>();
  /** Validations the ledger says were reported, with their partition. */
  private final Map<String, Integer> reported = new HashMap<>();
  /** Latest entry per validation not yet started, in ledger order. */
  private final Map<String, LedgerEntry> pending = new LinkedHashMap<>();

  /** Takes entries in ledger order; returns those to start now (they count as running). */
  List<LedgerEntry> apply(List<LedgerEntry> entries, boolean caughtUp) {
    for (LedgerEntry e : entries) {
      String key = e.validationKey();
      if (running.containsKey(key) || reported.containsKey(key)) {
        continue;
      }
      if (e.progress().getState() == ValidationProgressState.REPORTED) {
        reported.put(key, e.partition());
        pending.remove(key);
      } else if (!e.accepted() || !pending.containsKey(key)) {
        // Progress supersedes acceptance; a repeated acceptance adds nothing.
        pending.put(key, e);
      }
    }
    if (!caughtUp) {
      return List.of();
    }
    List<LedgerEntry> start = new ArrayList<>(pending.values());
    pending.clear();
    start.forEach(e -> running.put(e.validationKey(), e.partition()));
    return start;
  }

  /** The validation's outcome was published. */
  void reported(String key) {
    Integer partition = running.remove(key);
    if (partition != null) {
      reported.put(key, partition);
    }
  }

  /** Forgets the partitions; returns the running validations to stop. */
  List<String> revoke(Set<Integer> partitions) {
    List<String> stop =
        running.entrySet().stream()
            .filter(e -> partitions.contains(e.getValue()))
            .map(Map.Entry::getKey)
            .toList();
    stop.forEach(running::remove);
    pending.values().removeIf(e -> partitions.contains(e.partition()));
    reported.values().removeIf(partitions::contains);
    return stop;
  }

  /** Forgets the running validations (shutdown). */
  void clearRunning() {
    running.clear();
  }
}
