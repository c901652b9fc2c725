package io.windowops.audit;

import io.windowops.events.ApprovalNeeded;
import io.windowops.events.ExecutionKind;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepStarted;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowPaused;
import io.windowops.events.WindowRejected;
import io.windowops.events.WindowResumed;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import java.util.Optional;
import java.util.Set;

/** The window status each scheduler fact moves a window to, as the saga's transition table says. */
final class WindowStates {

  static final Set<WindowStatus> TERMINAL =
      Set.of(
          WindowStatus.COMPLETED,
          WindowStatus.FAILED,
          WindowStatus.ROLLED_BACK,
          WindowStatus.ROLLBACK_FAILED,
          WindowStatus.CANCELLED,
          WindowStatus.MISSED,
          WindowStatus.REJECTED);

  private WindowStates() {}

  /** The status after {@code fact}, given the status before it; empty when it changes none. */
  static Optional<WindowStatus> after(Object fact, WindowStatus before) {
    WindowStatus next = null;
    if (fact instanceof WindowRejected) {
      next = WindowStatus.REJECTED;
    } else if (fact instanceof ApprovalNeeded a && a.getStepId() == null) {
      next = WindowStatus.PENDING_APPROVAL;
    } else if (fact instanceof WindowScheduled) {
      next = WindowStatus.SCHEDULED;
    } else if (fact instanceof WindowOpened) {
      next = WindowStatus.OPEN;
    } else if (fact instanceof StepStarted s && s.getKind() == ExecutionKind.STEP && before == WindowStatus.OPEN) {
      next = WindowStatus.RUNNING;
    } else if (fact instanceof WindowPaused) {
      next = WindowStatus.PAUSED;
    } else if (fact instanceof WindowResumed) {
      next = WindowStatus.RUNNING;
    } else if (fact instanceof RollbackStarted) {
      next = WindowStatus.ROLLING_BACK;
    } else if (fact instanceof WindowCompleted) {
      next = WindowStatus.COMPLETED;
    } else if (fact instanceof WindowFailed) {
      next = WindowStatus.FAILED;
    } else if (fact instanceof WindowRolledBack) {
      next = WindowStatus.ROLLED_BACK;
    } else if (fact instanceof WindowRollbackFailed) {
      next = WindowStatus.ROLLBACK_FAILED;
    } else if (fact instanceof WindowCancelled) {
      next = WindowStatus.CANCELLED;
    } else if (fact instanceof WindowMissed) {
      next = WindowStatus.MISSED;
    }
    return Optional.ofNullable(next);
  }
}
