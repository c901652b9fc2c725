package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.withParams;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A health endpoint check")
class HttpCheckTest {

  private static CriterionSpec http(String... params) {
    return withParams(criterion("health", CriterionKind.HTTP, ComparisonOperator.GREATER_OR_EQUAL, 1), params);
  }

  @Test
  @DisplayName("passes on the expected status, 200 by default, and fails on another")
  void status() {
    assertThat(HttpCheck.evaluate(200, "", http())).isEqualTo(Reading.passed(200, "status 200"));
    assertThat(HttpCheck.evaluate(503, "", http())).isEqualTo(Reading.failed(503.0, "status 503, expected 200"));
    assertThat(HttpCheck.evaluate(204, "", http("expectedStatus", "204")).verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  @DisplayName("compares a JSON field with the expected value")
  void expectedValue() {
    CriterionSpec spec = http("jsonPath", "$.status", "expectedValue", "UP");

    assertThat(HttpCheck.evaluate(200, "{\"status\":\"UP\"}", spec)).isEqualTo(Reading.passed(200, "$.status is 'UP'"));
    assertThat(HttpCheck.evaluate(200, "{\"status\":\"DOWN\"}", spec))
        .isEqualTo(Reading.failed(200.0, "$.status is 'DOWN', expected 'UP'"));
  }

  @Test
  @DisplayName("follows nested objects and array indexes")
  void nested() {
    CriterionSpec spec = http("jsonPath", "checks.1.state", "expectedValue", "ok");

    assertThat(HttpCheck.evaluate(200, "{\"checks\":[{\"state\":\"bad\"},{\"state\":\"ok\"}]}", spec).verdict())
        .isEqualTo(Verdict.PASSED);
  }

  @Test
  @DisplayName("compares a numeric field with the comparator and threshold")
  void numeric() {
    CriterionSpec spec = http("jsonPath", "replicas.ready");

    assertThat(HttpCheck.evaluate(200, "{\"replicas\":{\"ready\":3}}", spec)).isEqualTo(Reading.passed(3, "replicas.ready 3 >= 1"));
    assertThat(HttpCheck.evaluate(200, "{\"replicas\":{\"ready\":0}}", spec)).isEqualTo(Reading.failed(0.0, "replicas.ready 0 < 1"));
  }

  @Test
  @DisplayName("fails when the field is missing or the body is not JSON")
  void missingOrNotJson() {
    CriterionSpec spec = http("jsonPath", "status", "expectedValue", "UP");

    assertThat(HttpCheck.evaluate(200, "{\"other\":1}", spec).detail()).isEqualTo("status 200 but status is missing");
    assertThat(HttpCheck.evaluate(200, "<html>ok</html>", spec).detail()).isEqualTo("status 200 but the body is not JSON");
    assertThat(HttpCheck.evaluate(200, "<html>ok</html>", spec).verdict()).isEqualTo(Verdict.FAILED);
  }
}
