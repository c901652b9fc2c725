package io.windowops.notifier.board;

import io.windowops.events.NoticeDue;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowPaused;
import io.windowops.events.WindowResumed;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowSummary;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepStarted;
import io.windowops.events.ValidationFinished;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The windows the status page and the iCal feed show, folded from {@code windowops.windows.v1}.
 * Applying the same event twice leaves the same state (replays at start are harmless).
 */
public final class WindowBoard {

  private final Map<String, BoardEntry> windows = new ConcurrentHashMap<>();

  public void apply(String windowId, WindowEventEnvelope event) {
    Instant at = event.getMetadata().getOccurredAt();
    Object p = event.getPayload();
    if (p instanceof WindowScheduled s) {
      scheduled(windowId, s.getSummary(), s.getScheduledStart(), s.getScheduledEnd(), "SCHEDULED", at);
    } else if (p instanceof NoticeDue n && n.getScheduledStart() != null && n.getScheduledEnd() != null) {
      if (!windows.containsKey(windowId)) {
        scheduled(windowId, n.getSummary(), n.getScheduledStart(), n.getScheduledEnd(), n.getStatus().name(), at);
      }
    } else if (p instanceof WindowOpened) {
      windows.computeIfPresent(windowId, (k, e) -> new BoardEntry(e.windowId(), e.title(), e.environment(), e.services(), e.maintenanceType(), e.impact(),
          "OPEN", e.scheduledStart(), e.scheduledEnd(), e.openedAt() == null ? at : e.openedAt(), null, e.sequence(), at));
    } else if (p instanceof StepStarted) {
      status(windowId, "RUNNING", at, false);
    } else if (p instanceof ValidationFinished) {
      status(windowId, "RUNNING", at, false);
    } else if (p instanceof WindowPaused) {
      status(windowId, "PAUSED", at, false);
    } else if (p instanceof WindowResumed) {
      status(windowId, "RUNNING", at, false);
    } else if (p instanceof RollbackStarted) {
      status(windowId, "ROLLING_BACK", at, false);
    } else if (p instanceof WindowCompleted) {
      status(windowId, "COMPLETED", at, true);
    } else if (p instanceof WindowFailed) {
      status(windowId, "FAILED", at, true);
    } else if (p instanceof WindowRolledBack) {
      status(windowId, "ROLLED_BACK", at, true);
    } else if (p instanceof WindowRollbackFailed) {
      status(windowId, "ROLLBACK_FAILED", at, true);
    } else if (p instanceof WindowCancelled) {
      status(windowId, "CANCELLED", at, true);
    } else if (p instanceof WindowMissed) {
      status(windowId, "MISSED", at, true);
    }
  }

  private void scheduled(String id, WindowSummary s, Instant start, Instant end, String status, Instant at) {
    windows.compute(id, (k, e) -> {
      boolean moved = e != null && (!start.equals(e.scheduledStart()) || !end.equals(e.scheduledEnd()));
      int sequence = e == null ? 0 : e.sequence() + (moved ? 1 : 0);
      String impact = s.getImpact() == null ? io.windowops.notifier.message.NoticeView.typeLabel(s.getMaintenanceType()) : s.getImpact();
      return new BoardEntry(id, s.getTitle(), s.getEnvironment(), String.join(", ", s.getServices()),
          s.getMaintenanceType().name(), impact, status, start, end, null, null, sequence, at);
    });
  }

  private void status(String id, String status, Instant at, boolean closes) {
    windows.computeIfPresent(id, (k, e) -> {
      BoardEntry next = e.withStatus(status, at);
      return closes ? new BoardEntry(next.windowId(), next.title(), next.environment(), next.services(), next.maintenanceType(), next.impact(),
          status, next.scheduledStart(), next.scheduledEnd(), next.openedAt(), at, next.sequence(), at) : next;
    });
  }

  public Optional<BoardEntry> get(String windowId) {
    return Optional.ofNullable(windows.get(windowId));
  }

  /** Every window, soonest start first. */
  public List<BoardEntry> all() {
    return windows.values().stream().sorted(Comparator.comparing(BoardEntry::scheduledStart)).toList();
  }
}
