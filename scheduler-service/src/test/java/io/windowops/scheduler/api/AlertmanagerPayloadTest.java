package io.windowops.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.AlertResolved;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.scheduler.api.AlertmanagerPayload.Alert;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import io.windowops.scheduler.policy.AlertRunbook;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.saga.AlertLabels;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The Alertmanager webhook payload")
class AlertmanagerPayloadTest {

  private static final Instant STARTS = Instant.parse("2026-11-23T14:00:05.123Z");
  private static final AlertRunbook RUNBOOK =
      MaintenancePolicy.load(Path.of("..", "examples", "policies.yaml")).runbook("OneiricDigestVerificationFailed").orElseThrow();

  static JsonObject alert(String status) {
    return new JsonObject()
        .put("status", status)
        .put("labels", new JsonObject().put("alertname", "OneiricDigestVerificationFailed").put("instance", "oneiric-3"))
        .put("annotations", new JsonObject().put("summary", "3 digest failures"))
        .put("startsAt", "2026-11-23T14:00:05.123456789Z")
        .put("endsAt", "0001-01-01T00:00:00Z")
        .put("generatorURL", "http://prometheus/graph")
        .put("fingerprint", "3F2A9C1D7E5B4A60");
  }

  static JsonObject payload(JsonObject... alerts) {
    return new JsonObject().put("version", "4").put("status", "firing").put("receiver", "windowops")
        .put("groupLabels", new JsonObject()).put("alerts", new JsonArray(java.util.List.of((Object[]) alerts)));
  }

  @Nested
  @DisplayName("parses")
  class Parses {

    @Test
    @DisplayName("a firing alert: name, lower-case fingerprint, start, no end for Go's zero time")
    void firing() {
      AlertmanagerPayload.Parsed p = AlertmanagerPayload.parse(payload(alert("firing")));
      assertThat(p.problems()).isEmpty();
      Alert a = p.alerts().get(0);
      assertThat(a.firing()).isTrue();
      assertThat(a.alertname()).isEqualTo("OneiricDigestVerificationFailed");
      assertThat(a.fingerprint()).isEqualTo("3f2a9c1d7e5b4a60");
      assertThat(a.startsAt()).isEqualTo(Instant.parse("2026-11-23T14:00:05.123456789Z"));
      assertThat(a.endsAt()).isNull();
    }

    @Test
    @DisplayName("a resolved alert with its end")
    void resolved() {
      Alert a = AlertmanagerPayload.parse(payload(alert("resolved").put("endsAt", "2026-11-23T14:20:00Z"))).alerts().get(0);
      assertThat(a.firing()).isFalse();
      assertThat(a.endsAt()).isEqualTo(Instant.parse("2026-11-23T14:20:00Z"));
    }
  }

  @Nested
  @DisplayName("refuses, naming each field")
  class Refuses {

    @Test
    @DisplayName("missing or malformed fields of any alert")
    void malformed() {
      JsonObject a = alert("firing");
      a.remove("fingerprint");
      JsonObject b = alert("firing").put("startsAt", 42).put("fingerprint", "not-hex!");
      b.getJsonObject("labels").put("alertname", "bad name");
      JsonObject c = alert("active").put("labels", "alertname=x");
      JsonObject d = alert("firing").put("annotations", new JsonObject().put("n", 1));
      AlertmanagerPayload.Parsed p = AlertmanagerPayload.parse(payload(a, b, c, d).put("status", "weird"));
      assertThat(p.problems()).extracting(FieldProblem::field).containsExactlyInAnyOrder(
          "status",
          "alerts[0].fingerprint",
          "alerts[1].startsAt", "alerts[1].fingerprint", "alerts[1].labels.alertname",
          "alerts[2].status", "alerts[2].labels",
          "alerts[3].annotations.n");
    }

    @Test
    @DisplayName("a payload without alerts, or with an alert that is not an object")
    void shape() {
      assertThat(AlertmanagerPayload.parse(new JsonObject().put("status", "firing")).problems())
          .extracting(FieldProblem::field).containsExactly("alerts");
      assertThat(AlertmanagerPayload.parse(new JsonObject().put("status", "firing").put("alerts", new JsonArray().add("x"))).problems())
          .extracting(FieldProblem::field).containsExactly("alerts[0]");
    }
  }

  @Nested
  @DisplayName("becomes a request")
  class Requests {

    private Alert parsed(JsonObject alert) {
      return AlertmanagerPayload.parse(payload(alert)).alerts().get(0);
    }

    @Test
    @DisplayName("the runbook's emergency window, labelled with the alert, the window id derived from fingerprint and start")
    void firing() {
      RequestEnvelope e = AlertWindows.firing(parsed(alert("firing")), RUNBOOK, "alertmanager", Instant.now());
      assertThat(e.getMetadata().getWindowId()).isEqualTo("ALERT-3f2a9c1d7e5b4a60-" + STARTS.getEpochSecond());
      MaintenanceRequested r = (MaintenanceRequested) e.getPayload();
      assertThat(r.getMaintenanceType()).isEqualTo(MaintenanceType.EMERGENCY);
      assertThat(r.getRequestedStart()).as("starts as soon as the policy allows").isNull();
      assertThat(r.getSteps()).isEqualTo(RUNBOOK.steps());
      assertThat(r.getSuccessCriteria()).isEqualTo(RUNBOOK.verification());
      assertThat(r.getLabels()).containsEntry(AlertLabels.NAME, "OneiricDigestVerificationFailed")
          .containsEntry(AlertLabels.FINGERPRINT, "3f2a9c1d7e5b4a60")
          .containsEntry(AlertLabels.SEVERITY, "P0");
      assertThat(r.getTitle()).isEqualTo("[P0] Oneiric cache corruption (digest verification failed)");
    }

    @Test
    @DisplayName("the same alert again, later and with other annotations, is the very same request and event id")
    void repeated() {
      JsonObject again = alert("firing").put("annotations", new JsonObject().put("summary", "7 digest failures"));
      RequestEnvelope first = AlertWindows.firing(parsed(alert("firing")), RUNBOOK, "alertmanager", Instant.now());
      RequestEnvelope second = AlertWindows.firing(parsed(again), RUNBOOK, "alertmanager", Instant.now().plusSeconds(60));
      assertThat(second.getPayload()).isEqualTo(first.getPayload());
      assertThat(second.getMetadata().getEventId()).isEqualTo(first.getMetadata().getEventId());
      assertThat(second.getMetadata().getWindowId()).isEqualTo(first.getMetadata().getWindowId());
    }

    @Test
    @DisplayName("a new firing of the same labels (a new start) is a new window")
    void newFiring() {
      RequestEnvelope first = AlertWindows.firing(parsed(alert("firing")), RUNBOOK, "alertmanager", Instant.now());
      RequestEnvelope later = AlertWindows.firing(parsed(alert("firing").put("startsAt", "2026-11-23T18:00:00Z")), RUNBOOK, "alertmanager", Instant.now());
      assertThat(later.getMetadata().getWindowId()).isNotEqualTo(first.getMetadata().getWindowId());
    }

    @Test
    @DisplayName("the alert's severity label wins when it names P0..P3, else the runbook's severity")
    void severity() {
      JsonObject p2 = alert("firing");
      p2.getJsonObject("labels").put("severity", "p2");
      JsonObject critical = alert("firing");
      critical.getJsonObject("labels").put("severity", "critical");
      assertThat(AlertWindows.severity(parsed(p2), RUNBOOK).name()).isEqualTo("P2");
      assertThat(AlertWindows.severity(parsed(critical), RUNBOOK).name()).isEqualTo("P0");
    }

    @Test
    @DisplayName("a resolved alert is an AlertResolved for the same window")
    void resolved() {
      RequestEnvelope e = AlertWindows.resolved(parsed(alert("resolved").put("endsAt", "2026-11-23T14:20:00Z")), "alertmanager", Instant.now());
      assertThat(e.getMetadata().getWindowId()).isEqualTo("ALERT-3f2a9c1d7e5b4a60-" + STARTS.getEpochSecond());
      assertThat(((AlertResolved) e.getPayload()).getEndsAt()).isEqualTo(Instant.parse("2026-11-23T14:20:00Z"));
    }
  }

  @Test
  @DisplayName("a window request may not set the labels reserved for alert windows")
  void reservedLabels() {
    JsonObject body = new JsonObject()
        .put("windowId", "MNT-2026-0099").put("title", "t").put("services", new JsonArray().add("api"))
        .put("environment", "development").put("maintenanceType", "EMERGENCY")
        .put("requestedStart", "2026-12-01T02:00:00Z").put("durationMinutes", 30)
        .put("steps", new JsonArray().add(new JsonObject().put("stepId", "a").put("action", "noop").put("timeoutSeconds", 10)))
        .put("labels", new JsonObject().put(AlertLabels.NAME, "X").put("ticket", "OPS-1"));
    assertThat(new WindowRequestParser().parse(body, "ana").problems())
        .extracting(FieldProblem::field).containsExactly("labels." + AlertLabels.NAME);
  }
}
