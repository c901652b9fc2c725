/**
 * The window saga: {@code WindowSaga.decide(state, input, now)} is a pure function holding every
 * rule of a window's life; the runtime feeds it inputs and carries out its decisions.
 *
 * <pre>
 * state             input                                   → state            emitted
 * (none)            MaintenanceRequested, policy violations → REJECTED         WindowRejected (every violation)
 * (none)            MaintenanceRequested, approvals needed  → PENDING_APPROVAL ApprovalNeeded; APPROVAL_TIMEOUT at start
 * (none)            MaintenanceRequested, no approvals      → SCHEDULED        WindowScheduled; NOTICE / WINDOW_START deadlines
 * PENDING_APPROVAL  ApprovalGiven (enough)                  → SCHEDULED        WindowScheduled, past-due NoticeDue
 * PENDING_APPROVAL  APPROVAL_TIMEOUT                        → MISSED           WindowMissed, NoticeDue(MISSED)
 * PENDING/SCHED.    Reschedule / amended request            → PENDING_APPROVAL ApprovalNeeded (approvals void), NoticeDue(RESCHEDULE)
 * PENDING/SCHED.    CancelRequested                         → CANCELLED        WindowCancelled, NoticeDue(CANCELLATION)
 * SCHEDULED         NOTICE                                  → SCHEDULED        NoticeDue(INITIAL|REMINDER)
 * SCHEDULED         WINDOW_START, notices delivered         → OPEN/RUNNING     WindowOpened, NoticeDue(START), ValidateWindow | RunStep;
 *                                                                              PROGRESS deadline one progress interval on
 * SCHEDULED         WINDOW_START, a notice undelivered      → SCHEDULED        START_GRACE deadline (the notice gate)
 * SCHEDULED         NotificationDelivered within the grace  → OPEN/RUNNING     as at the start, startDelaySeconds &gt; 0
 * SCHEDULED         START_GRACE, or a start beyond grace    → MISSED           WindowMissed, NoticeDue(MISSED)
 * OPEN              PREFLIGHT PASSED                        → OPEN | RUNNING   ValidateWindow(BASELINE) | RunStep
 * OPEN              BASELINE PASSED                         → RUNNING          RunStep (first stage)
 * OPEN              PREFLIGHT/BASELINE FAILED               → FAILED           WindowFailed, NoticeDue(FAILURE)
 * RUNNING           StepOutcome SUCCEEDED                   → RUNNING          StepSucceeded, NoticeDue(PROGRESS step-&lt;id&gt;-&lt;attempt&gt;), RunStep (next stage)
 * RUNNING           last step SUCCEEDED                     → VALIDATING | COMPLETED  ValidateWindow(POST) | WindowCompleted
 * RUNNING           FAILED, retries left                    → RUNNING          StepFailed(willRetry), STEP_RETRY deadline
 * RUNNING           TIMED_OUT/INTERRUPTED, retries left,    → RUNNING          StepFailed(willRetry), STEP_RETRY deadline
 *                   action idempotent (per its outcomes)
 *                   or the executor never started it
 * RUNNING           STEP_TIMEOUT (no outcome in time)       → as TIMED_OUT     CancelStep(stepId, attempt) first, in the same decision
 * RUNNING           STEP_RETRY                              → RUNNING          RunStep(attempt + 1)
 * RUNNING           failed for good / unknown effect of a   → ROLLING_BACK     StepFailed, NoticeDue(PROGRESS step-&lt;id&gt;-&lt;attempt&gt;), RollbackStarted, CompensateStep…
 *                   non-idempotent action (never retried)      (a TIMED_OUT/INTERRUPTED step with a compensation is marked outcomeUnknown)
 * RUNNING           stage done, pause requested             → PAUSED           WindowPaused
 * RUNNING           stage done, past the step cutoff        → ROLLING_BACK     RollbackStarted(OVERRUN)
 * PAUSED            ResumeRequested                         → RUNNING          WindowResumed, RunStep
 * OPEN|VALIDATING   INCONCLUSIVE / VALIDATION_TIMEOUT       → PAUSED           WindowPaused (resume accepts the phase)
 * open states       PROGRESS (NOTICE deadline, progress-n)  → unchanged        NoticeDue(PROGRESS progress-n, what is done/running); PROGRESS deadline progress-(n+1)
 * VALIDATING        POST PASSED                             → COMPLETED        WindowCompleted, NoticeDue(COMPLETION)
 * VALIDATING        POST FAILED                             → ROLLING_BACK     RollbackStarted(VALIDATION_FAILED)
 * open states       WINDOW_END / AbortRequested             → ROLLING_BACK     RollbackStarted(OVERRUN | ABORTED)
 * open states       rollback starts while steps RUNNING     → ROLLING_BACK     + CancelStep(stepId, attempt) each; compensations wait for their outcomes
 * ROLLING_BACK      cancelled step INTERRUPTED/FAILED       → ROLLING_BACK     StepFailed (no retry), CompensateStep (reverse order) once nothing runs
 * ROLLING_BACK      compensation SUCCEEDED, more to undo    → ROLLING_BACK     StepSucceeded, CompensateStep (reverse order); an outcomeUnknown step's
 *                                                                              compensation is CompensateStep(idempotentOnly)
 * ROLLING_BACK      COMPENSATION_TIMEOUT                    → ROLLING_BACK | ROLLBACK_FAILED  CancelStep(kind COMPENSATION) first, then StepFailed and
 *                                                                              its retry (idempotentOnly) or WindowRollbackFailed
 * ROLLING_BACK      last compensation SUCCEEDED             → ROLLED_BACK      WindowRolledBack, NoticeDue(ROLLBACK)
 * ROLLING_BACK      compensation failed for good            → ROLLBACK_FAILED  WindowRollbackFailed, NoticeDue(FAILURE)
 * RUNNING           ApprovalGiven(stepId) at a gate         → RUNNING          GateDecided(go, released?); when released: StepSucceeded, RunStep (next stage)
 * RUNNING           NoGoGiven at a gate (a role it lists)   → ROLLING_BACK…    GateDecided(no-go), StepFailed, RollbackStarted(ABORTED), CompensateStep…
 *
 * Alert-triggered windows (labels alert.*, set only by the Alertmanager webhook):
 * (none)            MaintenanceRequested from an alert      → SCHEDULED|REJECTED as above with the policy's alert approvals (none by default);
 *                                                                              IncidentEscalated + NoticeDue(ESCALATION escalation-0) for every
 *                                                                              level already due; ESCALATION deadline at the next threshold
 * same id           the same MaintenanceRequested again     → unchanged        nothing (one window per fingerprint + startsAt)
 * not settled       ESCALATION (NOTICE deadline)            → unchanged        IncidentEscalated + NoticeDue(ESCALATION escalation-n) for each
 *                                                                              level due (late: all of them, once each); next deadline or none
 * not settled       any applied input                       → (as above)       the next level's ESCALATION deadline stays armed (re-armed after a
 *                                                                              terminal transition cleared the deadlines: REJECTED, FAILED,
 *                                                                              ROLLED_BACK, ROLLBACK_FAILED, MISSED are unresolved incidents)
 * COMPLETED/CANCELLED (settled)                             → unchanged        ESCALATION disarmed; a late escalation timer changes nothing
 * any (alert window) AlertResolved, first time              → unchanged status AlertResolutionRecorded (alertResolvedAt set); nothing else changes
 * any (alert window) AlertResolved again / other windows    → unchanged        nothing; another fingerprint: CommandRejected(FINGERPRINT_MISMATCH)
 *
 * any               a command that does not apply           → unchanged        CommandRejected
 * (PROGRESS notices are never part of the notice gate; leaving the open states disarms the PROGRESS deadline.)
 * any               a processed event id, stale timer/outcome → unchanged      nothing
 * </pre>
 */
package io.windowops.scheduler.saga;
