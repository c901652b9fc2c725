package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Loki query_range answer")
class LokiResultTest {

  private static final CriterionSpec NO_ERRORS =
      criterion("errors", CriterionKind.LOKI, ComparisonOperator.EQUAL, 0).build();

  static JsonObject streams(int... linesPerStream) {
    StringBuilder result = new StringBuilder();
    for (int s = 0; s < linesPerStream.length; s++) {
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < linesPerStream[s]; i++) {
        values.append(i > 0 ? "," : "").append("[\"17000000000000000").append(i).append("\",\"{\\\"level\\\":\\\"error\\\"}\"]");
      }
      result.append(s > 0 ? "," : "").append("{\"stream\":{\"app\":\"oneiric\",\"pod\":\"p").append(s).append("\"},\"values\":[").append(values).append("]}");
    }
    return new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[" + result + "],\"stats\":{}}}");
  }

  @Test
  @DisplayName("passes when no line matched: a count of 0 is data, not its absence")
  void zeroLines() {
    assertThat(LokiResult.evaluate(streams(), NO_ERRORS, 5000)).isEqualTo(Reading.passed(0, "count 0 == 0"));
  }

  @Test
  @DisplayName("counts the lines of every stream")
  void countsLines() {
    Reading r = LokiResult.evaluate(streams(2, 1), NO_ERRORS, 5000);

    assertThat(r).isEqualTo(Reading.failed(3.0, "count 3 != 0"));
  }

  @Test
  @DisplayName("says when the line limit cut the count short")
  void limit() {
    CriterionSpec few = criterion("errors", CriterionKind.LOKI, ComparisonOperator.LESS_THAN, 2).build();

    assertThat(LokiResult.evaluate(streams(2), few, 2).detail()).contains("line limit 2 reached");
  }

  @Test
  @DisplayName("adds up the latest sample of every series of a metric query")
  void matrix() {
    JsonObject matrix = new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + "{\"metric\":{\"pod\":\"a\"},\"values\":[[1700000000,\"5\"],[1700000060,\"2\"]]},"
        + "{\"metric\":{\"pod\":\"b\"},\"values\":[[1700000060,\"1\"]]}]}}");

    assertThat(LokiResult.count(matrix)).isEqualTo(3.0);
  }

  @Test
  @DisplayName("is inconclusive for an error answer")
  void error() {
    JsonObject error = new JsonObject("{\"status\":\"error\",\"error\":\"parse error\"}");

    Reading r = LokiResult.evaluate(error, NO_ERRORS, 5000);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.detail()).isEqualTo("query failed: parse error");
  }
}
