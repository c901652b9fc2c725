package io.windowops.scheduler.saga;

import io.windowops.events.AbortRequested;
import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.ApprovalGiven;
import io.windowops.events.CancelRequested;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CompensationSpec;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Deadline;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NotificationChannel;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.PauseRequested;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.ReserveSlot;
import io.windowops.events.ResumeRequested;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStatus;
import io.windowops.events.TimerFired;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.Verdict;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Inputs and requests for the saga's tests, on a fixed calendar (no clock anywhere). */
final class Fixtures {

  static final String WINDOW = "MNT-2026-0042";
  /** Two weeks before the slot: enough notice for a planned outage. */
  static final Instant NOW = Instant.parse("2026-11-10T09:00:00Z");
  static final Instant START = Instant.parse("2026-11-24T02:00:00Z");
  static final Instant END = Instant.parse("2026-11-24T04:00:00Z");
  static final String REQUESTER = "alice";

  private static final AtomicLong IDS = new AtomicLong();

  private Fixtures() {}

  static StepSpec step(String id, String undo) {
    return StepSpec.newBuilder()
        .setStepId(id)
        .setAction("command:" + id)
        .setCompensation(undo == null ? null : new CompensationSpec("command:" + undo, Map.of()))
        .setTimeoutSeconds(300)
        .setMaxRetries(0)
        .setRetryBackoffSeconds(10)
        .build();
  }

  /** A planned outage of payments in production, Tuesday 02:00–04:00, three undoable steps. */
  static MaintenanceRequested.Builder planned() {
    return MaintenanceRequested.newBuilder()
        .setTitle("Upgrade payments")
        .setServices(List.of("payments"))
        .setEnvironment("production")
        .setMaintenanceType(MaintenanceType.PLANNED_OUTAGE)
        .setRequestedStart(START)
        .setRequestedEnd(END)
        .setSteps(List.of(step("drain", "undrain"), step("upgrade", "downgrade"), step("smoke", "unsmoke")))
        .setAudiences(List.of("customers"))
        .setRequester(REQUESTER);
  }

  static CriterionSpec criterion(String id, CriterionKind kind) {
    return CriterionSpec.newBuilder()
        .setCriterionId(id)
        .setKind(kind)
        .setQuery("up")
        .setComparator(ComparisonOperator.values()[0])
        .setThreshold(1)
        .setIntervalSeconds(30)
        .setCount(4)
        .build();
  }

  static EventMetadata meta(String actor) {
    return EventMetadata.newBuilder()
        .setEventId("input-" + IDS.incrementAndGet())
        .setWindowId(WINDOW)
        .setOccurredAt(NOW)
        .setCorrelationId("pipeline-run-7")
        .setActor(actor)
        .build();
  }

  static SagaInput.Request request(Object payload) {
    return new SagaInput.Request(new RequestEnvelope(meta("user:" + REQUESTER), payload));
  }

  static SagaInput requested(MaintenanceRequested r) {
    return request(r);
  }

  /**
   * The admission's answer to the claim a REQUESTED window made, as the admission owner would give
   * it over an empty table at {@code at}.
   */
  static SagaInput admitted(WindowStateSnapshot requested, Instant at) {
    EventMetadata asked = EventMetadata.newBuilder()
        .setEventId("claim-of-" + requested.getRequestEventId())
        .setWindowId(requested.getWindowId())
        .setOccurredAt(at)
        .setActor("scheduler")
        .build();
    AdmissionCommandEnvelope claim = new AdmissionCommandEnvelope(asked,
        new ReserveSlot(requested.getRequestEventId(), "MaintenanceRequested", requested.getRequest(), null));
    return new SagaInput.Request(SagaSpec.ADMISSION.decide(new ReservationTable(), claim, at).answer());
  }

  static SagaInput reschedule(Instant start, Instant end) {
    return request(RescheduleRequested.newBuilder().setRequestedStart(start).setRequestedEnd(end).setReason("vendor delay").build());
  }

  static SagaInput cancel() {
    return request(new CancelRequested("not needed"));
  }

  static SagaInput approve(String approver, String role) {
    return request(ApprovalGiven.newBuilder().setApprover(approver).setRole(role).build());
  }

  static SagaInput approveStep(String stepId, String approver, String role) {
    return request(ApprovalGiven.newBuilder().setApprover(approver).setRole(role).setStepId(stepId).build());
  }

  static SagaInput abort() {
    return request(new AbortRequested("customer impact"));
  }

  static SagaInput pause() {
    return request(new PauseRequested("look at the graphs"));
  }

  static SagaInput resume() {
    return request(new ResumeRequested("graphs fine"));
  }

  /** The TimerFired the runtime writes when the state's deadline {@code timerId} is due. */
  static SagaInput fire(WindowStateSnapshot state, String timerId) {
    Deadline d = state.getDeadlines().stream()
        .filter(x -> x.getTimerId().equals(timerId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no deadline " + timerId + " in " + state.getDeadlines()));
    return request(new TimerFired(d.getTimerId(), d.getKind(), d.getDueAt(), d.getSubject()));
  }

  static SagaInput outcome(String stepId, ExecutionKind kind, int attempt, StepStatus status) {
    return outcome(stepId, kind, attempt, status, false);
  }

  /** An outcome whose action the executor's catalog declares idempotent (or not). */
  static SagaInput outcome(String stepId, ExecutionKind kind, int attempt, StepStatus status, boolean idempotent) {
    return outcome(stepId, kind, attempt, status, idempotent, false);
  }

  /** {@code notStarted}: the executor says it never started the action (withdrawn, refused, past its deadline). */
  static SagaInput outcome(String stepId, ExecutionKind kind, int attempt, StepStatus status, boolean idempotent, boolean notStarted) {
    StepOutcome o = StepOutcome.newBuilder()
        .setIdempotent(idempotent)
        .setNotStarted(notStarted)
        .setStepId(stepId)
        .setKind(kind)
        .setAttempt(attempt)
        .setAction("command:" + stepId)
        .setStatus(status)
        .setError(status == StepStatus.SUCCEEDED || status == StepStatus.STARTED ? null : "exit 1")
        .setStartedAt(NOW)
        .setOutputs(status == StepStatus.SUCCEEDED ? Map.of("previousVersion", "1.2") : Map.of())
        .build();
    return new SagaInput.StepResult(new StepResultEnvelope(meta("executor"), o));
  }

  static SagaInput step(String stepId, int attempt, StepStatus status) {
    return outcome(stepId, ExecutionKind.STEP, attempt, status);
  }

  /** A step outcome of an action the catalog declares idempotent. */
  static SagaInput idempotentStep(String stepId, int attempt, StepStatus status) {
    return outcome(stepId, ExecutionKind.STEP, attempt, status, true);
  }

  /** A step outcome of an attempt the executor never started (not idempotent). */
  static SagaInput notStarted(String stepId, int attempt, StepStatus status) {
    return outcome(stepId, ExecutionKind.STEP, attempt, status, false, true);
  }

  static SagaInput compensation(String stepId, int attempt, StepStatus status) {
    return outcome(stepId, ExecutionKind.COMPENSATION, attempt, status);
  }

  static SagaInput validation(String validationId, ValidationPhase phase, Verdict verdict) {
    ValidationOutcome o = ValidationOutcome.newBuilder()
        .setValidationId(validationId)
        .setPhase(phase)
        .setVerdict(verdict)
        .setFailedCriteria(verdict == Verdict.FAILED ? List.of("errors") : List.of())
        .setInconclusiveCriteria(verdict == Verdict.INCONCLUSIVE ? List.of("errors") : List.of())
        .setBaseline(phase == ValidationPhase.BASELINE ? Map.of("latency", 0.25) : Map.of())
        .setStartedAt(NOW)
        .build();
    return new SagaInput.ValidationResult(new ValidationResultEnvelope(meta("validator"), o));
  }

  static SagaInput delivered(String noticeId) {
    NotificationDelivered d = NotificationDelivered.newBuilder()
        .setDeliveryKey(WINDOW + "/" + noticeId + "/EMAIL/ops@example.org")
        .setMessageKey(noticeId)
        .setChannel(NotificationChannel.values()[0])
        .setTarget("ops@example.org")
        .setAttempts(1)
        .build();
    return new SagaInput.NotificationResult(new NotificationEnvelope(meta("notifier"), d));
  }

  static Reservation other(String id, Instant start, Instant end) {
    return new Reservation(id, "production", List.of("payments"), start, end);
  }
}
