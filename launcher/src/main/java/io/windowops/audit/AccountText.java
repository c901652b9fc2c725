package io.windowops.audit;

import io.windowops.audit.TimelineReader.Entry;
import io.windowops.audit.WindowAccount.ApprovalFact;
import io.windowops.audit.WindowAccount.Attempt;
import io.windowops.audit.WindowAccount.Decision;
import io.windowops.audit.WindowAccount.Delivery;
import io.windowops.audit.WindowAccount.FinalState;
import io.windowops.audit.WindowAccount.Notice;
import io.windowops.audit.WindowAccount.OperatorCommand;
import io.windowops.audit.WindowAccount.Rollback;
import io.windowops.audit.WindowAccount.Step;
import io.windowops.audit.WindowAccount.Validation;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.Measurement;
import io.windowops.events.StepSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** A window's account as text for a person: one section per kind of fact, then the raw timeline. */
public final class AccountText {

  private final PrintWriter out;

  public AccountText(PrintWriter out) {
    this.out = out;
  }

  public void print(WindowAccount a) {
    out.println("Window " + a.windowId() + (a.request() == null ? "" : " — " + a.request().request().getTitle())
        + "  (" + a.timeline().size() + " events, " + a.range() + ")");
    FinalState end = a.finalState();
    out.println("Final state: " + (end == null ? "no state change in this range"
        : end.status() + " at " + end.at() + (end.cause() == null ? "" : "  cause " + end.cause())
            + (end.detail() == null || end.detail().isEmpty() ? "" : "  — " + end.detail())));

    section("Request");
    if (a.request() == null) {
      line("(not in this range)");
    } else {
      MaintenanceRequested r = a.request().request();
      line(a.request().at() + "  requested by " + r.getRequester()
          + (r.getRequester().equals(a.request().actor()) ? "" : " (recorded by " + a.request().actor() + ")"));
      line("    " + r.getMaintenanceType() + " in " + r.getEnvironment() + " on " + r.getServices()
          + "; wanted " + (r.getRequestedStart() == null ? "the next allowed slot" : r.getRequestedStart() + " – "
          + (r.getRequestedEnd() == null ? r.getDurationMinutes() + " min" : r.getRequestedEnd())));
      for (StepSpec s : r.getSteps()) {
        line("    step " + s.getStepId() + ": " + s.getAction() + (s.getCompensation() == null ? ""
            : ", undone by " + s.getCompensation().getAction()) + ", timeout " + s.getTimeoutSeconds() + " s");
      }
      line("    criteria: " + r.getPreflightCriteria().size() + " preflight, " + r.getSuccessCriteria().size() + " success");
    }

    section("Policy decisions");
    for (Decision d : a.decisions()) {
      line(d.at() + "  " + d.decision() + (d.detail().isEmpty() ? "" : "  " + d.detail()));
      d.violations().forEach(v -> line("    " + v));
    }
    none(a.decisions());

    section("Approvals");
    for (ApprovalFact ap : a.approvals()) {
      line(ap.at() + "  " + ap.approver() + " as " + ap.role() + (ap.stepId() == null ? "" : " for gate step " + ap.stepId())
          + "  " + ap.standing() + (ap.standing() == WindowAccount.Standing.COUNTED ? "" : " at " + ap.changedAt() + ": " + ap.why())
          + (ap.comment() == null ? "" : "  \"" + ap.comment() + "\""));
    }
    none(a.approvals());

    section("Operator commands");
    for (OperatorCommand c : a.commands()) {
      line(c.at() + "  " + c.command() + " by " + c.actor() + (c.detail().isEmpty() ? "" : "  " + c.detail())
          + (c.refusal() == null ? "" : "  REFUSED: " + c.refusal()));
    }
    none(a.commands());

    section("Notices");
    for (Notice n : a.notices()) {
      line(n.noticeId() + (n.kind() == null ? "" : " (" + n.kind() + ")")
          + (n.issuedAt() == null ? "" : " issued " + n.issuedAt() + ", due " + n.dueAt())
          + (n.detail() == null ? "" : "  " + n.detail()));
      for (Delivery d : n.deliveries()) {
        line(String.format(Locale.ROOT, "    %-11s %-28s %-9s %d attempt(s) at %s%s%s", d.channel(), d.target(),
            d.outcome(), d.attempts(), d.at(), d.externalId() == null ? "" : "  id " + d.externalId(),
            d.error() == null ? "" : "  error: " + d.error()));
      }
      if (n.deliveries().isEmpty()) {
        line("    no delivery reported");
      }
    }
    none(a.notices());

    section("Steps");
    for (Step s : a.steps()) {
      line(s.stepId() + (s.action() == null ? "" : " (" + s.action() + ")"));
      s.attempts().stream().filter(t -> "STEP".equals(t.kind())).forEach(this::attempt);
      if (s.attempts().stream().noneMatch(t -> "STEP".equals(t.kind()))) {
        line("    never run");
      }
    }
    none(a.steps());

    section("Validations");
    for (Validation v : a.validations()) {
      line(v.validationId() + "  " + v.phase() + "  " + (v.verdict() == null ? "no outcome" : v.verdict())
          + (v.requestedAt() == null ? "" : "  asked " + v.requestedAt()) + (v.reportedAt() == null ? "" : ", reported " + v.reportedAt())
          + (v.failedCriteria().isEmpty() ? "" : "  failed " + v.failedCriteria())
          + (v.inconclusiveCriteria().isEmpty() ? "" : "  inconclusive " + v.inconclusiveCriteria()));
      for (Measurement m : v.measurements()) {
        line(String.format(Locale.ROOT, "    %-20s #%-3d %-14s %-12s at %s%s", m.getCriterionId(), m.getIndex(),
            m.getValue() == null ? "no value" : String.valueOf(m.getValue()), m.getVerdict(), m.getObservedAt(),
            m.getDetail() == null ? "" : "  " + m.getDetail()));
      }
    }
    none(a.validations());

    section("Rollback and compensations");
    for (Rollback r : a.rollbacks()) {
      line(r.at() + "  rollback started: " + r.cause() + " — " + r.detail() + (r.stepId() == null ? "" : " (step " + r.stepId() + ")"));
      line("    plan: compensate " + r.plan() + " in this order");
      if (r.endedAt() != null) {
        line("    ended " + r.endedAt() + ": compensated " + r.compensated()
            + (r.failedCompensations().isEmpty() ? "" : ", FAILED " + r.failedCompensations()));
      }
    }
    a.compensations().forEach(this::attempt);
    if (a.rollbacks().isEmpty() && a.compensations().isEmpty()) {
      line("(none)");
    }

    section("Timeline");
    for (Entry e : a.timeline()) {
      line(String.format(Locale.ROOT, "%s  %-32s %-22s by %s", e.at(), e.topic(), e.type(), e.metadata().getActor()));
    }
    out.flush();
  }

  private void attempt(Attempt t) {
    Duration took = t.duration();
    line(String.format(Locale.ROOT, "    %s%s attempt %d  %-11s exit %-4s %s%s%s%s%s",
        "COMPENSATION".equals(t.kind()) ? "compensation of " + t.stepId() + ", " : "",
        t.action() == null ? "" : t.action(), t.attempt(), t.status(), t.exitCode() == null ? "-" : t.exitCode(),
        t.startedAt() == null ? "" : "started " + t.startedAt(),
        took == null ? "" : String.format(Locale.ROOT, ", took %.3f s", took.toMillis() / 1000.0),
        t.replayed() ? ", replayed from the ledger" : "",
        t.error() == null ? "" : "  error: " + t.error(),
        t.cancelReason() == null ? "" : "  cancelled: " + t.cancelReason()));
  }

  private void section(String title) {
    out.println();
    out.println(title);
  }

  private void line(String text) {
    out.println("  " + text);
  }

  private void none(List<?> items) {
    if (items.isEmpty()) {
      line("(none)");
    }
  }
}
