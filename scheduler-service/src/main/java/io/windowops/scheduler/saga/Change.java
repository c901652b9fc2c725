package io.windowops.scheduler.saga;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.CancelStep;
import io.windowops.events.CommandRejected;
import io.windowops.events.Deadline;
import io.windowops.events.DeadlineKind;
import io.windowops.events.EventMetadata;
import io.windowops.events.ExecutionKind;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.ReserveSlot;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.Violation;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One decision being built: a private copy of the window's state and everything emitted so far.
 * Every emitted record takes the next sequence of the window and a deterministic event id derived
 * from it, so re-running {@code decide} over the same inputs reproduces the same records.
 */
final class Change {

  static final String ACTOR = "scheduler";
  /** Inputs remembered for redelivery; older ones are still refused by the state's own checks. */
  static final int PROCESSED_LIMIT = 256;

  final WindowStateSnapshot state;
  final Instant now;
  private final String inputId;
  private String causationId;
  private final String correlationId;
  private final List<WindowEventEnvelope> events = new ArrayList<>();
  private final List<StepCommandEnvelope> stepCommands = new ArrayList<>();
  private final List<ValidationCommandEnvelope> validationCommands = new ArrayList<>();
  private final List<AdmissionCommandEnvelope> admissionCommands = new ArrayList<>();

  Change(WindowStateSnapshot state, EventMetadata cause, Instant now) {
    // A deep copy (the builder copies every nested record), with collections we may grow.
    WindowStateSnapshot copy = WindowStateSnapshot.newBuilder(state).build();
    copy.setApprovals(new ArrayList<>(copy.getApprovals()));
    copy.setSteps(new java.util.LinkedHashMap<>(copy.getSteps()));
    copy.setDeadlines(new ArrayList<>(copy.getDeadlines()));
    copy.setNoticesIssued(new ArrayList<>(copy.getNoticesIssued()));
    copy.setNoticesDelivered(new ArrayList<>(copy.getNoticesDelivered()));
    copy.setProcessedEventIds(new ArrayList<>(copy.getProcessedEventIds()));
    copy.setBaseline(new java.util.HashMap<>(copy.getBaseline()));
    copy.setDeferredRequests(new java.util.HashMap<>(copy.getDeferredRequests()));
    this.state = copy;
    this.now = now;
    this.inputId = cause.getEventId();
    this.causationId = cause.getEventId();
    this.correlationId =
        cause.getCorrelationId() != null ? cause.getCorrelationId() : state.getCorrelationId();
  }

  WindowStatus status() {
    return state.getStatus();
  }

  String windowId() {
    return state.getWindowId();
  }

  /** Publishes a fact on the windows topic. */
  void emit(Object payload) {
    events.add(new WindowEventEnvelope(nextMetadata(), payload));
  }

  void command(Object runOrCompensate) {
    stepCommands.add(new StepCommandEnvelope(nextMetadata(), runOrCompensate));
  }

  /** Stops an attempt the executor may still hold or run (its outcome then says INTERRUPTED). */
  void cancel(String stepId, int attempt, ExecutionKind kind, String reason) {
    command(CancelStep.newBuilder().setStepId(stepId).setAttempt(attempt).setReason(reason).setKind(kind).build());
  }

  void validate(ValidateWindow command) {
    validationCommands.add(new ValidationCommandEnvelope(nextMetadata(), command));
  }

  /**
   * Asks the admission owner of the request's environment for a slot, claimed under the id of the
   * input being decided (its answer names it).
   */
  void reserve(String command, MaintenanceRequested request, String reason) {
    admissionCommands.add(new AdmissionCommandEnvelope(nextMetadata(), new ReserveSlot(causationId, command, request, reason)));
  }

  /** Lets claims go in {@code environment}; none named means every claim the window holds there. */
  void release(String environment, List<String> claimIds) {
    admissionCommands.add(new AdmissionCommandEnvelope(nextMetadata(), new ReleaseSlot(environment, List.copyOf(claimIds), claimIds.isEmpty())));
  }

  /**
   * Attributes what this decision emits to an earlier command: an admission answer continues the
   * command that claimed the slot, so its facts name that command (what a waiting caller matches).
   */
  void causedBy(String commandEventId) {
    this.causationId = commandEventId;
  }

  /** Refuses a command that does not apply: one CommandRejected, nothing else changes. */
  void reject(String command, String field, String code, String message) {
    reject(command, List.of(new Violation(field, code, message)));
  }

  void reject(String command, List<Violation> violations) {
    emit(new CommandRejected(command, state.getStatus(), List.copyOf(violations)));
  }

  /** Arms a timer; an armed timer with the same id is replaced. */
  void arm(String timerId, DeadlineKind kind, Instant dueAt, String subject) {
    disarm(timerId);
    state.getDeadlines().add(new Deadline(timerId, kind, dueAt, subject));
  }

  void disarm(String timerId) {
    state.getDeadlines().removeIf(d -> d.getTimerId().equals(timerId));
  }

  void disarmAll(DeadlineKind kind) {
    state.getDeadlines().removeIf(d -> d.getKind() == kind);
  }

  Optional<Deadline> deadline(String timerId) {
    return state.getDeadlines().stream().filter(d -> d.getTimerId().equals(timerId)).findFirst();
  }

  boolean emittedAnything() {
    return !events.isEmpty() || !stepCommands.isEmpty() || !validationCommands.isEmpty() || !admissionCommands.isEmpty();
  }

  /**
   * The decision, remembering the input's event id so a redelivery changes nothing. A window that
   * ended lets its slot go here, whatever ended it.
   */
  Decision decision() {
    if (state.getReservationId() != null && ended(state.getStatus())) {
      release(state.getRequest().getEnvironment(), List.of());
      state.setReservationId(null);
    }
    List<String> processed = state.getProcessedEventIds();
    processed.add(0, inputId);
    while (processed.size() > PROCESSED_LIMIT) {
      processed.remove(processed.size() - 1);
    }
    state.setUpdatedAt(now);
    return new Decision(state, events, stepCommands, validationCommands, admissionCommands);
  }

  /** Terminal: the window holds no time any more. */
  static boolean ended(WindowStatus s) {
    return switch (s) {
      case REJECTED, COMPLETED, ROLLED_BACK, ROLLBACK_FAILED, FAILED, CANCELLED, MISSED -> true;
      default -> false;
    };
  }

  private EventMetadata nextMetadata() {
    long sequence = state.getLastSequence() + 1;
    state.setLastSequence(sequence);
    return EventMetadata.newBuilder()
        .setEventId(eventId(windowId(), sequence))
        .setWindowId(windowId())
        .setSequence(sequence)
        .setOccurredAt(now)
        .setCausationId(causationId)
        .setCorrelationId(correlationId)
        .setActor(ACTOR)
        .build();
  }

  static String eventId(String windowId, long sequence) {
    return UUID.nameUUIDFromBytes((windowId + "/" + sequence).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
