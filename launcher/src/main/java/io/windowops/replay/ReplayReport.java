package io.windowops.replay;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a replay.
 *
 * @param windows windows whose recorded decisions were replayed
 * @param inputs input records decided again (applied and unapplied), admission commands included
 * @param outputsCompared recorded outputs (facts, commands, state snapshots, admission answers and
 *     reservation changes) compared
 * @param differences the first difference of every window that has one
 * @param incomplete windows (and admission partitions, as {@code topic[partition]}) whose history
 *     is not complete on the topics, with the reason
 * @param undecodable records that do not decode (left out, as the scheduler left them out)
 */
public record ReplayReport(
    int windows,
    int inputs,
    int outputsCompared,
    List<Difference> differences,
    Map<String, String> incomplete,
    int undecodable) {

  public ReplayReport {
    differences = List.copyOf(differences);
    incomplete = Map.copyOf(incomplete);
  }

  public boolean foundNothing() {
    return windows == 0 && inputs == 0;
  }
}
