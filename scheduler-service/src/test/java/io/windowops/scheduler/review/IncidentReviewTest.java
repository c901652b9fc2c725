package io.windowops.scheduler.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AlertResolutionRecorded;
import io.windowops.events.GateDecided;
import io.windowops.events.IncidentEscalated;
import io.windowops.events.MaintenanceType;
import io.windowops.events.Verdict;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowOpened;
import io.windowops.events.WindowScheduled;
import io.windowops.events.WindowStatus;
import io.windowops.events.WindowSummary;
import io.windowops.scheduler.saga.AlertLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The review of a window an alert opened")
class IncidentReviewTest {

  private static final Instant FIRED = Instant.parse("2026-11-23T14:00:00Z");
  private static final Instant START = FIRED.plusSeconds(20);
  private final List<Fact> facts = new ArrayList<>();

  private void at(Instant at, SpecificRecord payload) {
    facts.add(new Fact(at, payload));
  }

  private static WindowScheduled scheduled(Map<String, String> labels) {
    WindowSummary summary = WindowSummary.newBuilder().setTitle("[P0] Oneiric cache corruption").setServices(List.of("oneiric"))
        .setEnvironment("production").setMaintenanceType(MaintenanceType.EMERGENCY).setRequester("alertmanager")
        .setLabels(labels).build();
    return WindowScheduled.newBuilder().setSummary(summary).setScheduledStart(START).setScheduledEnd(START.plus(Duration.ofHours(2))).build();
  }

  @Test
  @DisplayName("doubles as the post-incident review: the alert, its resolution, every escalation and gate decision with its time")
  void incidentTimeline() {
    at(START, scheduled(Map.of(AlertLabels.NAME, "OneiricDigestVerificationFailed", AlertLabels.FINGERPRINT, "3f2a",
        AlertLabels.STARTS_AT, FIRED.toString(), AlertLabels.SEVERITY, "P0")));
    at(START, new IncidentEscalated(0, "on-call", "P0", "PT0S", WindowStatus.SCHEDULED));
    at(START.plusSeconds(5), new WindowOpened(START, START.plus(Duration.ofHours(2)), 5L));
    at(FIRED.plus(Duration.ofMinutes(30)), new IncidentEscalated(1, "team-lead", "P0", "PT30M", WindowStatus.RUNNING));
    at(FIRED.plus(Duration.ofMinutes(34)), new GateDecided("go-quarantine", true, "olga-operator", "operator", "confirmed", true));
    at(FIRED.plus(Duration.ofMinutes(40)), new AlertResolutionRecorded("OneiricDigestVerificationFailed", "3f2a", null));
    at(FIRED.plus(Duration.ofMinutes(45)), new WindowCompleted(4, Verdict.PASSED));

    PostMaintenanceReview review = ReviewBuilder.build("ALERT-3f2a-1", facts, List.of()).orElseThrow();
    IncidentResponse incident = review.incident();
    assertThat(incident.alertname()).isEqualTo("OneiricDigestVerificationFailed");
    assertThat(incident.severity()).isEqualTo("P0");
    assertThat(incident.alertStartedAt()).isEqualTo(FIRED);
    assertThat(incident.alertResolvedAt()).isEqualTo(FIRED.plus(Duration.ofMinutes(40)));
    assertThat(incident.timeline()).extracting(IncidentResponse.Entry::kind).containsExactly("ESCALATION", "ESCALATION", "GO");
    assertThat(incident.timeline().get(1).at()).isEqualTo(FIRED.plus(Duration.ofMinutes(30)));
    assertThat(incident.timeline().get(2).what()).isEqualTo("go at go-quarantine by olga-operator (operator): confirmed; gate released");

    assertThat(ReviewJson.of(review).getJsonObject("incident").getJsonArray("timeline")).hasSize(3);
    assertThat(ReviewText.of(review))
        .contains("## Incident response")
        .contains("Alert OneiricDigestVerificationFailed (P0)")
        .contains("P0 level 1 after PT30M: team-lead notified (window RUNNING)");
  }

  @Test
  @DisplayName("a planned window has no incident part")
  void plannedWindow() {
    at(START, scheduled(Map.of("ticket", "OPS-1")));
    at(START.plusSeconds(5), new WindowOpened(START, START.plus(Duration.ofHours(2)), 5L));
    at(START.plusSeconds(50), new WindowCompleted(1, Verdict.PASSED));
    PostMaintenanceReview review = ReviewBuilder.build("MNT-1", facts, List.of()).orElseThrow();
    assertThat(review.incident()).isNull();
    assertThat(ReviewJson.of(review).containsKey("incident")).isFalse();
    assertThat(ReviewText.of(review)).doesNotContain("Incident response");
  }
}
