package io.windowops.scheduler.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ExecutionKind;
import io.windowops.events.FailureCause;
import io.windowops.events.MaintenanceType;
import io.windowops.events.Measurement;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.NotificationChannel;
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
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowRolledBack;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import io.windowops.events.WindowSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ReviewBuilderTest {

  private static final String ID = "MNT-2026-0042";
  private static final Instant START = Instant.parse("2026-11-24T02:00:00Z");
  private static final Instant END = START.plus(Duration.ofHours(1));

  private final List<Fact> facts = new ArrayList<>();

  @Test
  void completedWindowFigures() {
    at(START.minus(Duration.ofDays(7)), scheduled());
    at(START.minus(Duration.ofDays(7)), notice("n-initial", START.minus(Duration.ofDays(7))));
    at(START.minus(Duration.ofDays(7)).plusSeconds(2), delivered("n-initial", NotificationChannel.EMAIL));
    at(START.minus(Duration.ofDays(7)).plusSeconds(3), delivered("n-initial", NotificationChannel.STATUS_PAGE));
    at(START, notice("n-start", START));
    at(START.plus(Duration.ofMinutes(5)), delivered("n-start", NotificationChannel.EMAIL)); // late
    at(START.plusSeconds(1), opened());
    at(START.plusSeconds(2), outcome("backup", ExecutionKind.STEP, 1, StepStatus.STARTED, null, START.plusSeconds(2), null));
    at(START.plusSeconds(9), outcome("backup", ExecutionKind.STEP, 1, StepStatus.SUCCEEDED, 0, START.plusSeconds(2), START.plusSeconds(9)));
    at(START.plusSeconds(10), validation(ValidationPhase.BASELINE, Verdict.PASSED, Verdict.PASSED));
    at(START.plusSeconds(60), validation(ValidationPhase.POST, Verdict.PASSED, Verdict.PASSED, Verdict.FAILED, Verdict.PASSED));
    at(START.plus(Duration.ofMinutes(20)), notice("n-done", START.plus(Duration.ofMinutes(20))));
    at(START.plus(Duration.ofMinutes(20)), new WindowCompleted(1, Verdict.PASSED));

    PostMaintenanceReview review = ReviewBuilder.build(ID, facts, List.of()).orElseThrow();

    assertThat(review.finalState()).isEqualTo(WindowStatus.COMPLETED);
    assertThat(review.plannedDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(review.actualDuration()).isEqualTo(Duration.ofMinutes(20).minusSeconds(1));
    assertThat(review.notices().issued()).isEqualTo(3);
    assertThat(review.notices().onTime()).isEqualTo(1);
    assertThat(review.notices().late()).isEqualTo(1);
    assertThat(review.notices().notDelivered()).isEqualTo(1);
    assertThat(review.notices().onTimePercent()).isEqualTo(33);
    assertThat(review.notices().deliveriesByChannel()).containsEntry("EMAIL", 2).containsEntry("STATUS_PAGE", 1);
    // Baseline readings are not checks: 3 of the 4 post-change measurements passed.
    assertThat(review.checks().measured()).isEqualTo(4);
    assertThat(review.checks().passedPercent()).isEqualTo(75);
    assertThat(review.steps()).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo("SUCCEEDED");
      assertThat(s.exitCode()).isZero();
      assertThat(s.duration()).isEqualTo(Duration.ofSeconds(7));
    });
    assertThat(review.failures()).isEmpty();
    assertThat(review.rollback().result()).isEqualTo("NOT_NEEDED");
    assertThat(ReviewText.of(review))
        .contains("| Notices sent on time | 33% (1 of 3; 1 late, 1 not delivered)")
        .contains("| Validation checks passed | 75% (3 of 4")
        .contains("40 min 1 s under plan");
    assertThat(ReviewJson.of(review).getJsonObject("duration").getDouble("plannedMinutes")).isEqualTo(60.0);
  }

  @Test
  void rolledBackWindowSaysWhatFailedAndWhatWasUndone() {
    at(START.minusSeconds(30), scheduled());
    at(START, opened());
    at(START.plusSeconds(5), outcome("upgrade", ExecutionKind.STEP, 1, StepStatus.SUCCEEDED, 0, START.plusSeconds(1), START.plusSeconds(5)));
    at(START.plusSeconds(6), outcome("migrate", ExecutionKind.STEP, 1, StepStatus.FAILED, 1, START.plusSeconds(5), START.plusSeconds(6)));
    at(START.plusSeconds(8), outcome("migrate", ExecutionKind.STEP, 2, StepStatus.FAILED, 2, START.plusSeconds(7), START.plusSeconds(8)));
    at(START.plusSeconds(8), new StepFailed("migrate", ExecutionKind.STEP, 1, StepStatus.FAILED, "exit 1", true, START.plusSeconds(7)));
    at(START.plusSeconds(8), new StepFailed("migrate", ExecutionKind.STEP, 2, StepStatus.FAILED, "exit 2", false, null));
    at(START.plusSeconds(8), new RollbackStarted(FailureCause.STEP_FAILED, "migrate failed", "migrate", List.of("upgrade")));
    at(START.plusSeconds(12), outcome("upgrade", ExecutionKind.COMPENSATION, 1, StepStatus.SUCCEEDED, 0, START.plusSeconds(9), START.plusSeconds(12)));
    at(START.plusSeconds(12), new WindowRolledBack(FailureCause.STEP_FAILED, List.of("upgrade")));

    PostMaintenanceReview review = ReviewBuilder.build(ID, facts, List.of()).orElseThrow();

    assertThat(review.finalState()).isEqualTo(WindowStatus.ROLLED_BACK);
    assertThat(review.steps()).extracting(s -> s.kind() + " " + s.stepId() + " #" + s.attempts() + " " + s.status())
        .containsExactly("STEP upgrade #1 SUCCEEDED", "STEP migrate #2 FAILED", "COMPENSATION upgrade #1 SUCCEEDED");
    assertThat(review.failures()).containsExactly(
        "step migrate failed on attempt 2 (FAILED): exit 2", "rollback started (STEP_FAILED): migrate failed");
    assertThat(review.rollback()).isEqualTo(new PostMaintenanceReview.Rollback("ROLLED_BACK", "STEP_FAILED", List.of("upgrade")));
    assertThat(ReviewText.of(review)).contains("| Rollback result | rolled back after STEP_FAILED; compensated in order: upgrade |");
  }

  @Test
  void failedValidationIsAFinding() {
    at(START.minusSeconds(30), scheduled());
    at(START, opened());
    at(START.plusSeconds(60), new ValidationFinished("v-1", ValidationPhase.POST, Verdict.FAILED, List.of("success-rate"), List.of()));
    at(START.plusSeconds(70), new WindowRolledBack(FailureCause.VALIDATION_FAILED, List.of()));

    assertThat(ReviewBuilder.build(ID, facts, List.of()).orElseThrow().failures()).containsExactly("POST validation FAILED: success-rate");
  }

  @Test
  void noReviewBeforeTheWindowEnds() {
    at(START.minusSeconds(30), scheduled());
    at(START, opened());

    assertThat(ReviewBuilder.build(ID, facts, List.of())).isEmpty();
  }

  @Test
  void aCancelledWindowDidNotRun() {
    at(START.minus(Duration.ofDays(1)), scheduled());
    at(START.minus(Duration.ofHours(1)), new WindowCancelled("not needed", WindowStatus.SCHEDULED));

    PostMaintenanceReview review = ReviewBuilder.build(ID, facts, List.of()).orElseThrow();

    assertThat(review.actualDuration()).isNull();
    assertThat(ReviewText.of(review)).contains("did not run (CANCELLED)");
  }

  @Test
  void incidentsAreOverlappingEmergenciesOnASharedService() {
    at(START.minusSeconds(30), scheduled());
    at(START, opened());
    at(END, new WindowCompleted(0, null));
    List<IncidentWindow> others =
        List.of(
            emergency("EMG-1", "production", List.of("api"), START.plusSeconds(600), END.plusSeconds(600)),
            emergency("EMG-2", "staging", List.of("api"), START, END),
            emergency("EMG-3", "production", List.of("billing"), START, END),
            emergency("EMG-4", "production", List.of("api"), END, END.plusSeconds(60)),
            new IncidentWindow("MNT-9", "planned", MaintenanceType.ZERO_DOWNTIME, "production", List.of("api"), START, END),
            emergency(ID, "production", List.of("api"), START, END));

    assertThat(ReviewBuilder.build(ID, facts, others).orElseThrow().incidents()).extracting(IncidentWindow::windowId).containsExactly("EMG-1");
  }

  private void at(Instant at, SpecificRecord payload) {
    facts.add(new Fact(at, payload));
  }

  private static IncidentWindow emergency(String id, String env, List<String> services, Instant from, Instant to) {
    return new IncidentWindow(id, "alert " + id, MaintenanceType.EMERGENCY, env, services, from, to);
  }

  private static WindowScheduled scheduled() {
    WindowSummary summary =
        WindowSummary.newBuilder()
            .setTitle("Upgrade api")
            .setServices(List.of("api", "db"))
            .setEnvironment("production")
            .setMaintenanceType(MaintenanceType.PLANNED_OUTAGE)
            .setRequester("alice")
            .build();
    return WindowScheduled.newBuilder().setSummary(summary).setScheduledStart(START).setScheduledEnd(END).build();
  }

  private static WindowOpened opened() {
    return new WindowOpened(START, END, 1L);
  }

  private static NoticeDue notice(String id, Instant due) {
    return NoticeDue.newBuilder()
        .setNoticeId(id)
        .setKind(NoticeKind.PROGRESS)
        .setStatus(WindowStatus.SCHEDULED)
        .setSummary(scheduled().getSummary())
        .setDueAt(due)
        .build();
  }

  private static NotificationDelivered delivered(String noticeId, NotificationChannel channel) {
    return NotificationDelivered.newBuilder()
        .setDeliveryKey(ID + "/" + noticeId + "/" + channel + "/ops")
        .setMessageKey(noticeId)
        .setChannel(channel)
        .setTarget("ops")
        .setAttempts(1)
        .build();
  }

  private static StepOutcome outcome(String step, ExecutionKind kind, int attempt, StepStatus status, Integer exit, Instant started, Instant finished) {
    return StepOutcome.newBuilder()
        .setStepId(step)
        .setKind(kind)
        .setAttempt(attempt)
        .setAction("noop")
        .setStatus(status)
        .setExitCode(exit)
        .setOutput("")
        .setOutputTruncated(false)
        .setStartedAt(started)
        .setFinishedAt(finished)
        .build();
  }

  private static ValidationOutcome validation(ValidationPhase phase, Verdict... verdicts) {
    List<Measurement> measurements = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      measurements.add(Measurement.newBuilder().setCriterionId("c" + i).setIndex(i).setValue(1.0).setObservedAt(START).setVerdict(verdicts[i]).build());
    }
    return ValidationOutcome.newBuilder()
        .setValidationId("v-" + phase)
        .setPhase(phase)
        .setVerdict(Verdict.PASSED)
        .setMeasurements(measurements)
        .setFailedCriteria(List.of())
        .setInconclusiveCriteria(List.of())
        .setBaseline(Map.of())
        .setStartedAt(START)
        .build();
  }
}
