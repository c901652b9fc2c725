package io.windowops.audit;

import io.windowops.audit.TimelineReader.Entry;
import io.windowops.events.*;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A window's history as the topics hold it, written event by event for audit tests: requests
 * (with their event ids), the scheduler's facts caused by them, executor outcomes, validator
 * outcomes and notifier facts, each a minute after the last unless told.
 */
final class History {

  static final Instant T0 = Instant.parse("2026-12-01T01:00:00Z");

  final String windowId;
  final List<Entry> entries = new ArrayList<>();
  private Instant now;
  private long sequence;

  History(String windowId, Instant start) {
    this.windowId = windowId;
    this.now = start;
  }

  Instant now() {
    return now;
  }

  History later(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** A request (a user's or a pipeline's): returns its event id. */
  String request(String actor, SpecificRecord payload) {
    String id = windowId + "-r" + entries.size();
    add("windowops.requests.v1", id, null, actor, 0, payload);
    return id;
  }

  /** A scheduler fact or command caused by the event {@code cause}. */
  History scheduler(String topic, String cause, SpecificRecord payload) {
    add(topic, windowId + "-s" + (sequence + 1), cause, "scheduler", ++sequence, payload);
    return this;
  }

  History fact(String cause, SpecificRecord payload) {
    return scheduler("windowops.windows.v1", cause, payload);
  }

  History from(String topic, String actor, SpecificRecord payload) {
    add(topic, windowId + "-x" + entries.size(), null, actor, 0, payload);
    return this;
  }

  private void add(String topic, String eventId, String cause, String actor, long seq, SpecificRecord payload) {
    now = now.plusSeconds(60);
    EventMetadata m = EventMetadata.newBuilder().setEventId(eventId).setWindowId(windowId).setSequence(seq)
        .setOccurredAt(now).setCausationId(cause).setActor(actor).build();
    entries.add(new Entry(topic, m, payload));
  }

  static WindowSummary summary() {
    return WindowSummary.newBuilder().setTitle("Upgrade the resolver").setEnvironment("production")
        .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME).setRequester("ana").build();
  }

  static MaintenanceRequested request(String title, StepSpec... steps) {
    return MaintenanceRequested.newBuilder().setTitle(title).setServices(List.of("resolver")).setEnvironment("production")
        .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME).setSteps(List.of(steps)).setRequester("ana").build();
  }

  static StepSpec step(String id, String action, String compensation) {
    return StepSpec.newBuilder().setStepId(id).setAction(action).setTimeoutSeconds(60)
        .setCompensation(compensation == null ? null : new CompensationSpec(compensation, Map.of())).build();
  }

  static ApprovalGiven approval(String who, String role) {
    return ApprovalGiven.newBuilder().setApprover(who).setRole(role).build();
  }

  static ApprovalNeeded approvalNeeded() {
    return ApprovalNeeded.newBuilder().setSummary(summary()).setRequiredRoles(List.of("team-lead", "vp-engineering"))
        .setApprovalsRequired(1).setApprovalsGiven(0).setFourEyes(true).build();
  }

  static WindowScheduled scheduled(Instant start) {
    return new WindowScheduled(summary(), start, start.plusSeconds(1800), null, null, false);
  }

  static CommandRejected rejected(String command, String field, String code, String message) {
    return new CommandRejected(command, WindowStatus.PENDING_APPROVAL, List.of(new Violation(field, code, message)));
  }

  static StepOutcome outcome(String stepId, ExecutionKind kind, String action, StepStatus status, Integer exit, Instant started, Duration took, String error) {
    return StepOutcome.newBuilder().setStepId(stepId).setKind(kind).setAttempt(1).setAction(action).setStatus(status)
        .setExitCode(exit).setStartedAt(started).setFinishedAt(took == null ? null : started.plus(took)).setError(error).build();
  }

  static Measurement measurement(int index, double value, Instant at) {
    return Measurement.newBuilder().setCriterionId("error-rate").setIndex(index).setValue(value).setObservedAt(at)
        .setVerdict(Verdict.PASSED).setDetail(value + " < 0.01").build();
  }

  static CriterionSpec criterion() {
    return CriterionSpec.newBuilder().setCriterionId("error-rate").setKind(CriterionKind.PROMETHEUS).setQuery("rate(errors[1m])")
        .setComparator(ComparisonOperator.LESS_THAN).setThreshold(0.01).build();
  }
}
