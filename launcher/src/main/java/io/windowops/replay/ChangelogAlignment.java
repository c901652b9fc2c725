package io.windowops.replay;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.ReserveSlot;
import io.windowops.events.SlotGranted;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.schemas.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs each command of a partition with the changelog records written in its transaction: the
 * owner writes them in command order, a grant holds {@code <windowId>/<claimId>}, a release
 * writes tombstones for the window's claims. Nothing is decided here: a recording where they
 * do not pair (an answer or a claim missing, a change no command explains) is incomplete.
 */
final class ChangelogAlignment {
  private ChangelogAlignment() {}

  /** Fills {@code written} (one list per command); returns why they do not pair, or null. */
  static String align(List<Recorded> commands, List<Recorded> changelog, Map<String, Recorded> answers, List<List<Recorded>> written) {
    int next = 0;
    Set<String> held = new HashSet<>();
    for (Recorded command : commands) {
      AdmissionCommandEnvelope c = (AdmissionCommandEnvelope) command.value();
      String windowId = c.getMetadata().getWindowId();
      List<Recorded> mine = new ArrayList<>();
      if (c.getPayload() instanceof ReserveSlot reserve) {
        Recorded answer = answers.get(c.getMetadata().getEventId());
        if (answer == null) {
          return "no answer to " + command.position() + " on " + Topics.REQUESTS.name() + " (expired requests?)";
        }
        String key = ReservationTable.key(windowId, reserve.getClaimId());
        if (answer.payload() instanceof SlotGranted) {
          if (next >= changelog.size() || !changelog.get(next).key().equals(key) || changelog.get(next).value() == null) {
            return "the claim " + key + " granted by " + answer.position() + " is not on the changelog where its"
                + " command puts it (a compacted changelog, or expired commands?)";
          }
          held.add(key);
          mine.add(changelog.get(next++));
        }
      } else {
        ReleaseSlot release = (ReleaseSlot) c.getPayload();
        while (next < changelog.size() && releases(changelog.get(next), windowId, release)) {
          Recorded tombstone = changelog.get(next++);
          if (!held.remove(tombstone.key())) {
            return "the claim " + tombstone.key() + " released at " + tombstone.position()
                + " was granted before the recorded commands begin (expired commands?)";
          }
          mine.add(tombstone);
        }
      }
      written.add(mine);
    }
    if (next < changelog.size()) {
      return "the change at " + changelog.get(next).position() + " follows from no recorded command"
          + " (expired commands, or a compacted changelog?)";
    }
    return null;
  }

  private static boolean releases(Recorded change, String windowId, ReleaseSlot release) {
    String prefix = windowId + "/";
    return change.value() == null
        && change.key().startsWith(prefix)
        && (release.getAll() || release.getClaimIds().contains(change.key().substring(prefix.length())));
  }
}
