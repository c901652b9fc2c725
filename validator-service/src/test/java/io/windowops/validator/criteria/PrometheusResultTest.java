package io.windowops.validator.criteria;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.withParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Prometheus instant query answer")
class PrometheusResultTest {

  private static final CriterionSpec SUCCESS_RATE =
      criterion("success", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99).build();

  static JsonObject vector(String... labelValuePairs) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < labelValuePairs.length; i += 2) {
      result.append(result.length() > 0 ? "," : "")
          .append("{\"metric\":{\"instance\":\"").append(labelValuePairs[i]).append("\",\"job\":\"api\"},")
          .append("\"value\":[1700000000.123,\"").append(labelValuePairs[i + 1]).append("\"]}");
    }
    return new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}");
  }

  @Test
  @DisplayName("passes a scalar that satisfies the comparator and fails one that does not")
  void scalar() {
    JsonObject good = new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"0.995\"]}}");
    JsonObject bad = new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"0.98\"]}}");

    assertThat(PrometheusResult.evaluate(good, SUCCESS_RATE)).isEqualTo(Reading.passed(0.995, "0.995 >= 0.99"));
    assertThat(PrometheusResult.evaluate(bad, SUCCESS_RATE)).isEqualTo(Reading.failed(0.98, "0.98 < 0.99"));
  }

  @Test
  @DisplayName("requires every series to pass by default, naming the failing ones")
  void allSeries() {
    Reading allGood = PrometheusResult.evaluate(vector("a", "0.999", "b", "0.995"), SUCCESS_RATE);
    Reading oneBad = PrometheusResult.evaluate(vector("a", "0.999", "b", "0.95", "c", "0.999"), SUCCESS_RATE);

    assertThat(allGood.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(allGood.detail()).contains("2 of 2 series pass (match all)");
    assertThat(oneBad.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(oneBad.value()).isEqualTo(0.95);
    assertThat(oneBad.detail())
        .startsWith("0.95 < 0.99 for {instance=\"b\",job=\"api\"}")
        .contains("2 of 3 series pass (match all)")
        .contains("failing: {instance=\"b\",job=\"api\"}");
  }

  @Test
  @DisplayName("lets one passing series suffice when params.match is any")
  void anySeries() {
    CriterionSpec any = withParams(criterion("success", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99), "match", "ANY");

    Reading oneGood = PrometheusResult.evaluate(vector("a", "0.5", "b", "0.995"), any);
    Reading noneGood = PrometheusResult.evaluate(vector("a", "0.5", "b", "0.6"), any);

    assertThat(oneGood.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(oneGood.value()).isEqualTo(0.995);
    assertThat(noneGood.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(noneGood.detail()).contains("0 of 2 series pass (match any)");
  }

  @Test
  @DisplayName("is inconclusive, not failed, for an empty vector or NaN samples only")
  void noData() {
    assertThat(PrometheusResult.evaluate(vector(), SUCCESS_RATE))
        .isEqualTo(Reading.inconclusive("no data: the query returned no series"));
    assertThat(PrometheusResult.evaluate(vector("a", "NaN"), SUCCESS_RATE).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  @DisplayName("ignores NaN series among real ones and reads infinities")
  void nanAndInfinity() {
    CriterionSpec latency = criterion("p99", CriterionKind.PROMETHEUS, ComparisonOperator.LESS_THAN, 0.5).build();

    assertThat(PrometheusResult.evaluate(vector("a", "NaN", "b", "0.2"), latency).verdict()).isEqualTo(Verdict.PASSED);
    assertThat(PrometheusResult.evaluate(vector("a", "+Inf"), latency).verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  @DisplayName("is inconclusive for an error answer, with Prometheus' own explanation")
  void errorAnswer() {
    JsonObject error = new JsonObject("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}");

    assertThat(PrometheusResult.evaluate(error, SUCCESS_RATE))
        .isEqualTo(Reading.inconclusive("query failed: bad_data: parse error at char 5"));
  }

  @Test
  @DisplayName("refuses a range vector (matrix), which cannot be compared")
  void matrix() {
    JsonObject matrix = new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");

    Reading r = PrometheusResult.evaluate(matrix, SUCCESS_RATE);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.detail()).contains("'matrix'").contains("instant vector");
  }

  @Test
  @DisplayName("rejects an unknown match mode, naming the criterion and parameter")
  void badMatch() {
    CriterionSpec bad = withParams(criterion("success", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99), "match", "most");

    assertThatThrownBy(() -> PrometheusResult.evaluate(vector("a", "1"), bad))
        .hasMessage("criterion success: params.match must be one of [all, any], was 'most'");
  }

  @Test
  @DisplayName("gives a baseline its single value and refuses several series")
  void single() {
    assertThat(PrometheusResult.single(vector("a", "0.25")).value()).isEqualTo(0.25);
    assertThatThrownBy(() -> PrometheusResult.single(vector("a", "1", "b", "2")))
        .isInstanceOf(UnusableAnswerException.class)
        .hasMessageContaining("returned 2 series");
    assertThatThrownBy(() -> PrometheusResult.single(vector())).hasMessageContaining("no data");
  }

  @Test
  @DisplayName("names a series the way PromQL writes it")
  void seriesNames() {
    JsonObject named = new JsonObject("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{\"__name__\":\"up\",\"job\":\"api\",\"instance\":\"h:1\"},\"value\":[1,\"0\"]}]}}");
    CriterionSpec up = criterion("up", CriterionKind.PROMETHEUS, ComparisonOperator.EQUAL, 1).build();

    assertThat(PrometheusResult.evaluate(named, up).detail()).isEqualTo("0 != 1 for up{instance=\"h:1\",job=\"api\"}");
  }
}
