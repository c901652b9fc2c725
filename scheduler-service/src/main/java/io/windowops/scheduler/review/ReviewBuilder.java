package io.windowops.scheduler.review;

import io.windowops.events.ExecutionKind;
import io.windowops.events.Measurement;
import io.windowops.events.NoticeDue;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.RollbackStarted;
import io.windowops.events.StepFailed;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepStatus;
import io.windowops.events.ValidationFinished;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowFailed;
import io.windowops.events.WindowMissed;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowRollbackFailed;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import io.windowops.events.WindowSummary;
import io.windowops.scheduler.review.PostMaintenanceReview.Checks;
import io.windowops.scheduler.review.PostMaintenanceReview.Notices;
import io.windowops.scheduler.review.PostMaintenanceReview.Rollback;
import io.windowops.scheduler.review.PostMaintenanceReview.StepLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a window's post-maintenance review from its recorded facts, oldest first. Pure: the
 * same facts give the same review, whoever asks and whenever.
 */
public final class ReviewBuilder {

  private ReviewBuilder() {}

  /**
   * The review, or empty while the window has not finished (or was never scheduled: a rejected
   * request has nothing to review).
   *
   * @param facts the window's facts from every topic, oldest first
   * @param others other windows, of which overlapping emergencies count as incidents
   */
  public static Optional<PostMaintenanceReview> build(String windowId, List<Fact> facts, List<IncidentWindow> others) {
    WindowScheduled scheduled = null;
    Instant openedAt = null;
    Instant endedAt = null;
    WindowStatus finalState = null;
    Rollback rollback = new Rollback("NOT_NEEDED", null, List.of());
    List<String> failures = new ArrayList<>();
    Map<String, Instant> noticeDue = new LinkedHashMap<>();
    Map<String, Instant> firstDelivery = new LinkedHashMap<>();
    Map<String, Integer> byChannel = new TreeMap<>();
    Map<String, StepOutcome> lastOutcome = new LinkedHashMap<>();
    int measured = 0;
    int passed = 0;
    int failed = 0;
    int inconclusive = 0;
    Set<String> failedCriteria = new LinkedHashSet<>();

    for (Fact fact : facts) {
      Object p = fact.payload();
      if (p instanceof WindowScheduled s) {
        scheduled = s;
      } else if (p instanceof WindowOpened) {
        openedAt = fact.at();
      } else if (p instanceof NoticeDue n) {
        noticeDue.putIfAbsent(n.getNoticeId(), n.getDueAt());
      } else if (p instanceof NotificationDelivered d) {
        firstDelivery.putIfAbsent(d.getMessageKey(), fact.at());
        byChannel.merge(d.getChannel().name(), 1, Integer::sum);
      } else if (p instanceof StepOutcome o) {
        lastOutcome.merge(o.getKind() + "/" + o.getStepId(), o, ReviewBuilder::later);
      } else if (p instanceof ValidationOutcome v && v.getPhase() != ValidationPhase.BASELINE) {
        for (Measurement m : v.getMeasurements()) {
          measured++;
          switch (m.getVerdict()) {
            case PASSED -> passed++;
            case FAILED -> failed++;
            case INCONCLUSIVE -> inconclusive++;
          }
        }
        failedCriteria.addAll(v.getFailedCriteria());
      } else if (p instanceof StepFailed f && !f.getWillRetry()) {
        failures.add("%s %s failed on attempt %d (%s): %s".formatted(label(f.getKind()), f.getStepId(), f.getAttempt(), f.getStatus(), f.getError()));
      } else if (p instanceof ValidationFinished v && v.getVerdict() != Verdict.PASSED) {
        failures.add("%s validation %s%s".formatted(v.getPhase(), v.getVerdict(), criteria(v)));
      } else if (p instanceof RollbackStarted r) {
        failures.add("rollback started (%s): %s".formatted(r.getCause(), r.getDetail()));
        rollback = new Rollback("ROLLING_BACK", r.getCause().name(), List.of());
      } else if (p instanceof WindowRolledBack r) {
        rollback = new Rollback("ROLLED_BACK", r.getCause().name(), List.copyOf(r.getCompensatedSteps()));
        finalState = WindowStatus.ROLLED_BACK;
        endedAt = fact.at();
      } else if (p instanceof WindowRollbackFailed r) {
        rollback = new Rollback("ROLLBACK_FAILED", r.getCause().name(), List.copyOf(r.getCompensatedSteps()));
        failures.add("compensations failed: %s (%s)".formatted(String.join(", ", r.getFailedCompensations()), r.getDetail()));
        finalState = WindowStatus.ROLLBACK_FAILED;
        endedAt = fact.at();
      } else if (p instanceof WindowCompleted) {
        finalState = WindowStatus.COMPLETED;
        endedAt = fact.at();
      } else if (p instanceof WindowFailed f) {
        failures.add("window failed (%s): %s".formatted(f.getCause(), f.getDetail()));
        finalState = WindowStatus.FAILED;
        endedAt = fact.at();
      } else if (p instanceof WindowCancelled) {
        finalState = WindowStatus.CANCELLED;
        endedAt = fact.at();
      } else if (p instanceof WindowMissed m) {
        failures.add("window missed: " + m.getReason());
        finalState = WindowStatus.MISSED;
        endedAt = fact.at();
      }
    }
    if (scheduled == null || finalState == null) {
      return Optional.empty();
    }
    WindowSummary summary = scheduled.getSummary();
    Instant from = openedAt != null ? openedAt : scheduled.getScheduledStart();
    Instant to = openedAt != null ? endedAt : scheduled.getScheduledEnd();
    List<IncidentWindow> incidents =
        others.stream()
            .filter(o -> !o.windowId().equals(windowId))
            .filter(o -> o.isIncidentDuring(summary.getEnvironment(), summary.getServices(), from, to))
            .toList();
    return Optional.of(
        new PostMaintenanceReview(
            windowId,
            summary.getTitle(),
            summary.getMaintenanceType(),
            summary.getEnvironment(),
            List.copyOf(summary.getServices()),
            summary.getRequester(),
            finalState,
            scheduled.getScheduledStart(),
            scheduled.getScheduledEnd(),
            openedAt,
            endedAt,
            notices(noticeDue, firstDelivery, byChannel),
            new Checks(measured, passed, failed, inconclusive, List.copyOf(failedCriteria)),
            lastOutcome.values().stream().map(ReviewBuilder::line).toList(),
            incidents,
            List.copyOf(failures),
            rollback));
  }

  private static Notices notices(Map<String, Instant> due, Map<String, Instant> firstDelivery, Map<String, Integer> byChannel) {
    int onTime = 0;
    int late = 0;
    int notDelivered = 0;
    for (Map.Entry<String, Instant> notice : due.entrySet()) {
      Instant delivered = firstDelivery.get(notice.getKey());
      if (delivered == null) {
        notDelivered++;
      } else if (delivered.isAfter(notice.getValue().plus(PostMaintenanceReview.ON_TIME_TOLERANCE))) {
        late++;
      } else {
        onTime++;
      }
    }
    return new Notices(due.size(), onTime, late, notDelivered, Map.copyOf(byChannel));
  }

  /** The outcome that says most: a later attempt, or an end rather than a start. */
  private static StepOutcome later(StepOutcome seen, StepOutcome next) {
    if (next.getAttempt() != seen.getAttempt()) {
      return next.getAttempt() > seen.getAttempt() ? next : seen;
    }
    return next.getStatus() == StepStatus.STARTED && seen.getStatus() != StepStatus.STARTED ? seen : next;
  }

  private static StepLine line(StepOutcome o) {
    Duration took = o.getFinishedAt() == null ? null : Duration.between(o.getStartedAt(), o.getFinishedAt());
    return new StepLine(o.getStepId(), o.getKind(), o.getAction(), o.getAttempt(), o.getStatus().name(), o.getExitCode(), took);
  }

  private static String label(ExecutionKind kind) {
    return kind == ExecutionKind.COMPENSATION ? "compensation of" : "step";
  }

  private static String criteria(ValidationFinished v) {
    List<String> named = new ArrayList<>(v.getFailedCriteria());
    named.addAll(v.getInconclusiveCriteria());
    return named.isEmpty() ? "" : ": " + String.join(", ", named);
  }
}
