package io.windowops.audit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.audit.TimelineReader.Entry;
import io.windowops.audit.WindowAccount.Attempt;
import io.windowops.audit.WindowAccount.FinalState;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.Measurement;
import java.time.Instant;
import java.util.List;

/** A window's account as JSON for machines: the same sections as the text, then the raw timeline. */
public final class AccountJson {

  private AccountJson() {}

  public static JsonObject of(WindowAccount a) {
    JsonObject json = new JsonObject().put("windowId", a.windowId())
        .put("since", text(a.range().since())).put("until", text(a.range().until()));
    FinalState end = a.finalState();
    json.put("finalState", end == null ? null
        : new JsonObject().put("status", end.status()).put("at", text(end.at())).put("cause", end.cause()).put("detail", end.detail()));
    if (a.request() != null) {
      MaintenanceRequested r = a.request().request();
      json.put("request", new JsonObject()
          .put("at", text(a.request().at())).put("actor", a.request().actor()).put("requester", r.getRequester())
          .put("title", r.getTitle()).put("maintenanceType", r.getMaintenanceType().name()).put("environment", r.getEnvironment())
          .put("services", new JsonArray(List.copyOf(r.getServices())))
          .put("requestedStart", text(r.getRequestedStart())).put("requestedEnd", text(r.getRequestedEnd()))
          .put("steps", new JsonArray(r.getSteps().stream().map(s -> s.getStepId()).toList())));
    }
    json.put("decisions", new JsonArray(a.decisions().stream().map(d -> new JsonObject()
        .put("at", text(d.at())).put("decision", d.decision()).put("detail", d.detail())
        .put("violations", new JsonArray(d.violations()))).toList()));
    json.put("approvals", new JsonArray(a.approvals().stream().map(p -> new JsonObject()
        .put("at", text(p.at())).put("approver", p.approver()).put("role", p.role()).put("stepId", p.stepId())
        .put("comment", p.comment()).put("standing", p.standing().name()).put("voided", p.standing() == WindowAccount.Standing.VOIDED)
        .put("why", p.why()).put("changedAt", text(p.changedAt())).put("eventId", p.eventId())).toList()));
    json.put("commands", new JsonArray(a.commands().stream().map(c -> new JsonObject()
        .put("at", text(c.at())).put("actor", c.actor()).put("command", c.command()).put("detail", c.detail())
        .put("refusal", c.refusal())).toList()));
    json.put("notices", new JsonArray(a.notices().stream().map(n -> new JsonObject()
        .put("noticeId", n.noticeId()).put("kind", n.kind()).put("issuedAt", text(n.issuedAt())).put("dueAt", text(n.dueAt()))
        .put("detail", n.detail())
        .put("deliveries", new JsonArray(n.deliveries().stream().map(d -> new JsonObject()
            .put("channel", d.channel()).put("target", d.target()).put("outcome", d.outcome()).put("attempts", d.attempts())
            .put("at", text(d.at())).put("externalId", d.externalId()).put("error", d.error())).toList()))).toList()));
    json.put("steps", new JsonArray(a.steps().stream().map(s -> new JsonObject()
        .put("stepId", s.stepId()).put("action", s.action()).put("compensationAction", s.compensationAction())
        .put("attempts", new JsonArray(s.attempts().stream().filter(t -> "STEP".equals(t.kind())).map(AccountJson::attempt).toList())))
        .toList()));
    json.put("validations", new JsonArray(a.validations().stream().map(v -> new JsonObject()
        .put("validationId", v.validationId()).put("phase", v.phase()).put("requestedAt", text(v.requestedAt()))
        .put("reportedAt", text(v.reportedAt())).put("criteria", new JsonArray(v.criteria())).put("verdict", v.verdict())
        .put("failedCriteria", new JsonArray(v.failedCriteria())).put("inconclusiveCriteria", new JsonArray(v.inconclusiveCriteria()))
        .put("measurements", new JsonArray(v.measurements().stream().map(AccountJson::measurement).toList()))).toList()));
    json.put("rollbacks", new JsonArray(a.rollbacks().stream().map(r -> new JsonObject()
        .put("at", text(r.at())).put("cause", r.cause()).put("detail", r.detail()).put("stepId", r.stepId())
        .put("plan", new JsonArray(r.plan())).put("compensated", new JsonArray(r.compensated()))
        .put("failedCompensations", new JsonArray(r.failedCompensations())).put("endedAt", text(r.endedAt()))).toList()));
    json.put("compensations", new JsonArray(a.compensations().stream().map(AccountJson::attempt).toList()));
    JsonArray timeline = new JsonArray();
    for (Entry e : a.timeline()) {
      timeline.add(new JsonObject()
          .put("occurredAt", text(e.at()))
          .put("topic", e.topic())
          .put("event", e.type())
          .put("actor", e.metadata().getActor())
          .put("eventId", e.metadata().getEventId())
          .put("sequence", e.metadata().getSequence())
          .put("causationId", e.metadata().getCausationId())
          .put("correlationId", e.metadata().getCorrelationId())
          .put("payload", payload(e)));
    }
    return json.put("timeline", timeline);
  }

  private static JsonObject attempt(Attempt t) {
    return new JsonObject().put("stepId", t.stepId()).put("kind", t.kind()).put("attempt", t.attempt()).put("action", t.action())
        .put("status", t.status()).put("exitCode", t.exitCode()).put("commandedAt", text(t.commandedAt()))
        .put("startedAt", text(t.startedAt())).put("finishedAt", text(t.finishedAt()))
        .put("durationMs", t.duration() == null ? null : t.duration().toMillis())
        .put("error", t.error()).put("replayed", t.replayed()).put("cancelReason", t.cancelReason());
  }

  private static JsonObject measurement(Measurement m) {
    return new JsonObject().put("criterionId", m.getCriterionId()).put("index", m.getIndex()).put("value", m.getValue())
        .put("observedAt", text(m.getObservedAt())).put("verdict", m.getVerdict().name()).put("detail", m.getDetail());
  }

  /** Avro's JSON rendering of the payload; as text if it is not valid JSON. */
  private static Object payload(Entry e) {
    String text = e.payload().toString();
    try {
      return new JsonObject(text);
    } catch (DecodeException notJson) {
      return text;
    }
  }

  static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
