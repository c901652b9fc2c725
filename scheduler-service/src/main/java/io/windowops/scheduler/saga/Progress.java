package io.windowops.scheduler.saga;

import io.windowops.events.DeadlineKind;
import io.windowops.events.NoticeKind;
import io.windowops.events.StepProgress;
import io.windowops.events.StepSpec;
import io.windowops.events.StepState;
import io.windowops.events.ValidationPhase;
import io.windowops.events.WindowStatus;
import io.windowops.scheduler.policy.WindowPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * PROGRESS notices of an open window: one every {@link WindowPolicy#progressInterval} while it is
 * open, running, paused or validating (ids {@code progress-1}, {@code progress-2}, …), and one when
 * a step finishes for good (id {@code step-<stepId>-<attempt>}). None of them is part of the notice
 * gate. The periodic one rides on a NOTICE deadline (its documented subject is the notice id) with
 * its own timer id, so the deadline kinds of the schema stay as they are.
 */
final class Progress {

  static final String TIMER = "PROGRESS";
  private static final String PREFIX = "progress-";

  private final WindowPolicy policy;
  private final Notices notices;

  Progress(WindowPolicy policy, Notices notices) {
    this.policy = policy;
    this.notices = notices;
  }

  static boolean owns(String timerId) {
    return TIMER.equals(timerId);
  }

  /** The window opened: the first progress notice is one interval away. */
  void start(Change c) {
    armAfter(c, c.now, 1);
  }

  /**
   * The progress deadline fired: announce, and arm the next one. A deadline that fires late (a
   * restored window) skips the intervals already gone instead of announcing each of them.
   */
  boolean onTimer(Change c, String noticeId, Instant dueAt) {
    if (!Scheduling.isOpen(c.status()) || noticeId == null || !noticeId.startsWith(PREFIX)) {
      return false;
    }
    int n = Integer.parseInt(noticeId.substring(PREFIX.length()));
    notices.progress(c, noticeId, dueAt, detail(c, null));
    armAfter(c, dueAt, n + 1);
    return true;
  }

  /** A step finished for good (succeeded, or failed with no retry left). */
  void stepFinished(Change c, StepSpec step, int attempt, String outcome) {
    if (!Scheduling.isOpen(c.status())) {
      return; // a step ending during a rollback: the FAILURE and ROLLBACK notices tell that story
    }
    notices.progress(c, "step-" + step.getStepId() + "-" + attempt, c.now,
        detail(c, "step " + step.getStepId() + " " + outcome));
  }

  private void armAfter(Change c, Instant from, int n) {
    Duration every = policy.progressInterval(c.state.getRequest().getMaintenanceType());
    Instant next = from.plus(every);
    while (!next.isAfter(c.now)) {
      next = next.plus(every);
    }
    if (next.isBefore(c.state.getScheduledEnd())) {
      c.arm(TIMER, DeadlineKind.NOTICE, next, PREFIX + n);
    } else {
      c.disarm(TIMER); // the window's end decides what happens then
    }
  }

  /** What is done and what is going on, e.g. {@code 2 of 5 steps done; running: upgrade}. */
  static String detail(Change c, String lead) {
    List<StepSpec> specs = c.state.getRequest().getSteps();
    List<String> running = new ArrayList<>();
    List<String> retrying = new ArrayList<>();
    List<String> approving = new ArrayList<>();
    int done = 0;
    for (StepSpec s : specs) {
      StepProgress p = c.state.getSteps().get(s.getStepId());
      StepState state = p == null ? StepState.PENDING : p.getState();
      switch (state) {
        case SUCCEEDED -> done++;
        case RUNNING -> running.add(s.getStepId());
        case RETRY_WAIT -> retrying.add(s.getStepId());
        case WAITING_APPROVAL -> approving.add(s.getStepId());
        default -> { }
      }
    }
    List<String> parts = new ArrayList<>();
    if (lead != null) {
      parts.add(lead);
    }
    parts.add(done + " of " + specs.size() + " steps done");
    if (!running.isEmpty()) {
      parts.add("running: " + String.join(", ", running));
    }
    if (!retrying.isEmpty()) {
      parts.add("waiting to retry: " + String.join(", ", retrying));
    }
    if (!approving.isEmpty()) {
      parts.add("waiting for approval: " + String.join(", ", approving));
    }
    ValidationPhase phase = c.state.getValidationPhase();
    if (c.status() == WindowStatus.PAUSED) {
      parts.add(phase == null ? "paused" : "paused after an unclear " + phase + " validation");
    } else if (phase != null) {
      parts.add("validating: " + phase);
    }
    return String.join("; ", parts);
  }
}
