package io.windowops.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A window request body")
class WindowRequestParserTest {

  private final WindowRequestParser parser = new WindowRequestParser();

  private static JsonObject valid() {
    return new JsonObject()
        .put("windowId", "MNT-2026-0042")
        .put("title", "Upgrade the resolver")
        .put("services", new JsonArray().add("resolver"))
        .put("environment", "production")
        .put("maintenanceType", "planned-outage")
        .put("requestedStart", "2026-12-01T02:00:00Z")
        .put("requestedEnd", "2026-12-01T03:30:00+00:00")
        .put(
            "steps",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("stepId", "backup")
                        .put("action", "backup-config")
                        .put("params", new JsonObject().put("source", "/etc/resolver"))
                        .put("timeoutSeconds", 120)
                        .put("compensation", new JsonObject().put("action", "restore-config"))));
  }

  @Test
  @DisplayName("becomes a MaintenanceRequested whose requester is the caller, not the body")
  void valid_request() {
    WindowRequestParser.Parsed parsed = parser.parse(valid().put("requester", "mallory"), "ana");
    assertThat(parsed.problems()).extracting(FieldProblem::field).containsExactly("requester");

    parsed = parser.parse(valid(), "ana");
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.request().getRequester()).isEqualTo("ana");
    assertThat(parsed.request().getMaintenanceType()).isEqualTo(MaintenanceType.PLANNED_OUTAGE);
    assertThat(parsed.request().getRequestedStart()).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
    assertThat(parsed.request().getSteps().get(0).getCompensation().getAction()).isEqualTo("restore-config");
    assertThat(parsed.request().getSteps().get(0).getMaxRetries()).isZero();
  }

  @Test
  @DisplayName("lists every wrong field with its path, at once")
  void every_problem_named() {
    JsonObject body = valid();
    body.remove("title");
    body.put("services", new JsonArray().add("ok").add(7));
    body.put("maintenanceType", "whenever");
    body.put("requestedStart", "next tuesday");
    body.getJsonArray("steps").add(new JsonObject().put("stepId", "backup").put("action", "rm -rf /").put("timeoutSeconds", 0));
    List<String> fields = parser.parse(body, "ana").problems().stream().map(FieldProblem::field).toList();
    assertThat(fields)
        .contains(
            "title",
            "services[1]",
            "maintenanceType",
            "requestedStart",
            "steps[1].stepId",
            "steps[1].action",
            "steps[1].timeoutSeconds");
  }

  @Test
  @DisplayName("refuses an end before the start, and a missing end without a duration")
  void timing() {
    assertThat(parser.parse(valid().put("requestedEnd", "2026-12-01T01:00:00Z"), "ana").problems())
        .extracting(FieldProblem::field)
        .containsExactly("requestedEnd");
    JsonObject noEnd = valid();
    noEnd.remove("requestedEnd");
    assertThat(parser.parse(noEnd, "ana").problems()).extracting(FieldProblem::field).containsExactly("requestedEnd");
    assertThat(parser.parse(noEnd.put("durationMinutes", 90), "ana").problems()).isEmpty();
    JsonObject next = valid().put("useNextAllowedSlot", true);
    assertThat(parser.parse(next, "ana").problems()).extracting(FieldProblem::field).containsExactly("requestedStart");
  }

  @Test
  @DisplayName("bounds hostile sizes and types")
  void hostile() {
    JsonObject body = valid().put("title", "x".repeat(10_000)).put("durationMinutes", 1e12).put("labels", new JsonObject().put("a", new JsonObject()));
    assertThat(parser.parse(body, "ana").problems())
        .extracting(FieldProblem::field)
        .contains("title", "durationMinutes", "labels.a");
  }
}
