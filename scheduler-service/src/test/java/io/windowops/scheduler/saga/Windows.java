package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.NOW;
import static io.windowops.scheduler.saga.Fixtures.START;
import static io.windowops.scheduler.saga.Fixtures.approve;
import static io.windowops.scheduler.saga.Fixtures.delivered;
import static io.windowops.scheduler.saga.Fixtures.fire;
import static io.windowops.scheduler.saga.Fixtures.requested;
import static io.windowops.scheduler.saga.Fixtures.step;
import static io.windowops.scheduler.saga.SagaSpec.after;

import io.windowops.events.MaintenanceRequested;
import io.windowops.events.StepStatus;
import io.windowops.events.WindowStateSnapshot;
import java.time.Duration;
import java.time.Instant;

/** Windows driven through the saga itself to a given point of their life. */
final class Windows {

  private Windows() {}

  static WindowStateSnapshot pendingApproval(MaintenanceRequested r) {
    return after(null, NOW, requested(r));
  }

  static WindowStateSnapshot pendingApproval() {
    return pendingApproval(Fixtures.planned().build());
  }

  static WindowStateSnapshot scheduled(MaintenanceRequested r) {
    return after(pendingApproval(r), NOW, approve("bob", "vp"));
  }

  static WindowStateSnapshot scheduled() {
    return scheduled(Fixtures.planned().build());
  }

  /** Scheduled, with both advance notices issued and delivered. */
  static WindowStateSnapshot announced(MaintenanceRequested r) {
    WindowStateSnapshot s = scheduled(r);
    s = after(s, START.minus(Duration.ofDays(7)), fire(s, "NOTICE:initial"));
    s = after(s, START.minus(Duration.ofHours(24)), fire(s, "NOTICE:reminder-PT24H"));
    return after(s, START.minus(Duration.ofHours(23)), delivered("initial"), delivered("reminder-PT24H"));
  }

  static WindowStateSnapshot announced() {
    return announced(Fixtures.planned().build());
  }

  /** Opened at the start: with no preflight and no baseline the first step was requested. */
  static WindowStateSnapshot opened(MaintenanceRequested r) {
    WindowStateSnapshot s = announced(r);
    return after(s, START, fire(s, "WINDOW_START"));
  }

  static WindowStateSnapshot running() {
    return opened(Fixtures.planned().build());
  }

  /** Running, {@code drain} and {@code upgrade} done, {@code smoke} requested. */
  static WindowStateSnapshot atLastStep() {
    Instant t = START.plusSeconds(60);
    return after(running(), t,
        step("drain", 1, StepStatus.SUCCEEDED),
        step("upgrade", 1, StepStatus.SUCCEEDED));
  }
}
