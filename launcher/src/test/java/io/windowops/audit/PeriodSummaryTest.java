package io.windowops.audit;

import static io.windowops.audit.History.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.*;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The period summary")
class PeriodSummaryTest {

  @Test
  @DisplayName("counts windows active in the period by their state at its end, and the failed ones by reason")
  void summary() {
    Instant periodStart = T0.plus(Duration.ofDays(1));
    Range period = new Range(periodStart, periodStart.plus(Duration.ofDays(1)));
    PeriodSummary summary = new PeriodSummary(period);

    // Active in the period: rolled back, completed, rejected. Before it: one that completed then.
    // Fed topic by topic, as the reader reads them: all requests first, then the facts.
    List<TimelineReader.Entry> rolled = AccountBuilderTest.rolledBack("MNT-P-ROLLED", periodStart).entries;
    rolled.stream().filter(e -> e.topic().equals("windowops.requests.v1")).forEach(summary::add);
    rolled.stream().filter(e -> !e.topic().equals("windowops.requests.v1")).forEach(summary::add);
    History done = new History("MNT-P-DONE", periodStart);
    String asked = done.request("ana", request("Rotate", step("rotate", "noop", null)));
    done.fact(asked, scheduled(periodStart.plusSeconds(3600)));
    done.fact("t", new WindowCompleted(1, null));
    done.entries.forEach(summary::add);
    History rejected = new History("MNT-P-REJECTED", periodStart);
    String bad = rejected.request("ana", request("Bad", step("x", "noop", null)));
    rejected.fact(bad, new WindowRejected(List.of(new Violation("requestedStart", "FREEZE_PERIOD", "in a freeze"),
        new Violation("steps[0].action", "UNKNOWN_ACTION", "no such action"))));
    rejected.entries.forEach(summary::add);
    History missed = new History("MNT-P-MISSED", periodStart);
    missed.fact(missed.request("ana", request("Missed", step("x", "noop", null))), new WindowMissed(periodStart, periodStart,
        "not approved before its start: 0 of 2 approvals"));
    missed.entries.forEach(summary::add);
    History old = new History("MNT-P-OLD", T0.minus(Duration.ofDays(3)));
    old.fact(old.request("ana", request("Old", step("x", "noop", null))), new WindowCompleted(1, null));
    old.entries.forEach(summary::add);
    // After the period: the done window's late reminder does not count, and nothing after the end is fed.
    History late = new History("MNT-P-LATE", period.until().plusSeconds(1));
    late.request("ana", request("Late", step("x", "noop", null)));
    late.entries.stream().filter(e -> period.notAfter(e.at())).forEach(summary::add);

    PeriodSummary.Report report = summary.report(List.of());
    assertThat(report.windows()).extracting(PeriodSummary.WindowLine::windowId)
        .containsExactlyInAnyOrder("MNT-P-ROLLED", "MNT-P-DONE", "MNT-P-REJECTED", "MNT-P-MISSED");
    assertThat(report.byState()).containsEntry("ROLLED_BACK", 1).containsEntry("COMPLETED", 1).containsEntry("REJECTED", 1)
        .containsEntry("MISSED", 1).hasSize(4);
    assertThat(report.failureReasons()).containsOnlyKeys("ROLLED_BACK: STEP_FAILED", "REJECTED: FREEZE_PERIOD", "REJECTED: UNKNOWN_ACTION",
        "MISSED: not approved before its start");
    assertThat(report.approvalsVoided()).isEqualTo(1);
    assertThat(report.approvalsRefused()).isEqualTo(1);
    assertThat(report.approvalsCounted()).isEqualTo(1);

    StringWriter text = new StringWriter();
    PeriodSummary.printText(report, new PrintWriter(text));
    assertThat(text.toString()).contains(": 4", "ROLLED_BACK      1", "ROLLED_BACK: STEP_FAILED", "MNT-P-ROLLED");
    assertThat(PeriodSummary.json(report).getJsonObject("failureReasons").getJsonObject("REJECTED: FREEZE_PERIOD").getInteger("count"))
        .isEqualTo(1);
  }
}
