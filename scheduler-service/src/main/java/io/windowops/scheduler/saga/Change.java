package io.windowops.scheduler.saga;

import io.windowops.events.CommandRejected;
import io.windowops.events.Deadline;
import io.windowops.events.DeadlineKind;
import io.windowops.events.EventMetadata;
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
  private final String causationId;
  private final String correlationId;
  private final List<WindowEventEnvelope> events = new ArrayList<>();
  private final List<StepCommandEnvelope> stepCommands = new ArrayList<>();
  private final List<ValidationCommandEnvelope> validationCommands = new ArrayList<>();

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
    this.state = copy;
    this.now = now;
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

  void validate(ValidateWindow command) {
    validationCommands.add(new ValidationCommandEnvelope(nextMetadata(), command));
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
    return !events.isEmpty() || !stepCommands.isEmpty() || !validationCommands.isEmpty();
  }

  /** The decision, remembering the input's event id so a redelivery changes nothing. */
  Decision decision() {
    List<String> processed = state.getProcessedEventIds();
    processed.add(0, causationId);
    while (processed.size() > PROCESSED_LIMIT) {
      processed.remove(processed.size() - 1);
    }
    state.setUpdatedAt(now);
    return new Decision(state, events, stepCommands, validationCommands);
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
