package io.windowops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An event's one-line summary")
class EventSummaryTest {

  @Test
  @DisplayName("names the step, a compensation's action and its outputs; first attempts and plain steps stay quiet")
  void compensation() {
    String command = "{\"stepId\": \"upgrade-worker\", \"attempt\": 1, \"compensation\": {\"action\": \"rollback-version\","
        + " \"params\": {}}, \"timeoutSeconds\": 60}";
    assertThat(EventSummary.of(command)).isEqualTo("upgrade-worker action=rollback-version");

    String outcome = "{\"stepId\": \"upgrade-api\", \"kind\": \"COMPENSATION\", \"attempt\": 2, \"action\": \"rollback-version\","
        + " \"status\": \"SUCCEEDED\", \"outputs\": {\"version\": \"1.4.2\"}, \"error\": null}";
    assertThat(EventSummary.of(outcome))
        .isEqualTo("upgrade-api kind=COMPENSATION attempt=2 action=rollback-version status=SUCCEEDED outputs={version:1.4.2}");

    assertThat(EventSummary.of("{\"stepId\": \"clean\", \"kind\": \"STEP\", \"attempt\": 1}")).isEqualTo("clean");
  }

  @Test
  @DisplayName("shows each measurement with its value and verdict")
  void measurements() {
    String outcome = "{\"validationId\": \"post-9\", \"phase\": \"POST\", \"verdict\": \"FAILED\", \"failedCriteria\": [\"success-ratio\"],"
        + " \"measurements\": [{\"criterionId\": \"success-ratio\", \"index\": 1, \"value\": 0.874, \"verdict\": \"FAILED\"},"
        + " {\"criterionId\": \"cache-size\", \"index\": 2, \"value\": 16384.0, \"verdict\": \"PASSED\"}]}";
    assertThat(EventSummary.of(outcome)).isEqualTo(
        "phase=POST verdict=FAILED failedCriteria=success-ratio"
            + " measurements=[success-ratio#1=0.8740(FAILED) cache-size#2=16384(PASSED)]");
  }

  @Test
  @DisplayName("keeps to one line of at most 150 characters, and passes text that is not JSON through")
  void oneShortLine() {
    assertThat(EventSummary.of("{\"detail\": \"" + "x".repeat(400) + "\"}")).hasSize(150).endsWith("…");
    assertThat(EventSummary.of("not json\nat all")).isEqualTo("not json at all");
  }
}
