package io.windowops.validator.source;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.withParams;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.validator.criteria.Reading;
import io.windowops.validator.peers.FakeLoki;
import io.windowops.validator.peers.HealthEndpoint;
import io.windowops.validator.peers.RealPrometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Measuring a criterion")
class MeasurerIT {

  private static Vertx vertx;
  private static RealPrometheus prometheus;
  private static FakeLoki loki;
  private static HealthEndpoint health;
  private static Measurer measurer;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    prometheus = RealPrometheus.shared();
    loki = new FakeLoki();
    health = new HealthEndpoint();
    measurer = new Measurer(vertx, new SourceSettings(prometheus.url(), loki.url(), Duration.ofSeconds(5)), Clock.systemUTC());
    prometheus.metrics().set("measurer_success_ratio{pod=\"a\"}", 0.995);
    prometheus.metrics().set("measurer_success_ratio{pod=\"b\"}", 0.9);
    prometheus.metrics().set("measurer_p99_seconds", 0.2);
    prometheus.awaitQuery("measurer_success_ratio{pod=\"b\"}", "0.9");
    prometheus.awaitQuery("measurer_p99_seconds", "0.2");
  }

  @AfterAll
  static void stop() throws Exception {
    measurer.close();
    loki.close();
    health.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Reading measure(CriterionSpec spec) throws Exception {
    return measure(spec, ValidationPhase.POST, Map.of());
  }

  private static Reading measure(CriterionSpec spec, ValidationPhase phase, Map<String, Double> baseline) throws Exception {
    ValidateWindow command = ValidateWindow.newBuilder()
        .setValidationId("v").setPhase(phase).setCriteria(List.of(spec)).setBaseline(baseline).build();
    return measurer.measure(spec, command).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static CriterionSpec prom(String query, ComparisonOperator op, double threshold, String... params) {
    return withParams(criterion("c", CriterionKind.PROMETHEUS, op, threshold).setQuery(query), params);
  }

  @Test
  @DisplayName("queries the real Prometheus and requires every series of a vector to pass, or any")
  void prometheusVector() throws Exception {
    Reading all = measure(prom("measurer_success_ratio", ComparisonOperator.GREATER_OR_EQUAL, 0.99));
    Reading any = measure(prom("measurer_success_ratio", ComparisonOperator.GREATER_OR_EQUAL, 0.99, "match", "any"));
    Reading aggregated = measure(prom("min(measurer_success_ratio)", ComparisonOperator.GREATER_OR_EQUAL, 0.85));

    assertThat(all.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(all.value()).isEqualTo(0.9);
    assertThat(all.detail()).contains("pod=\"b\"").contains("1 of 2 series pass (match all)");
    assertThat(any.verdict()).isEqualTo(Verdict.PASSED);
    assertThat(any.value()).isEqualTo(0.995);
    assertThat(aggregated).isEqualTo(Reading.passed(0.9, "0.9 >= 0.85 for {}"));
  }

  @Test
  @DisplayName("is inconclusive when Prometheus has no data, rejects the query, or cannot be reached")
  void prometheusInconclusive() throws Exception {
    Reading noData = measure(prom("measurer_never_scraped_total", ComparisonOperator.LESS_THAN, 1));
    Reading badQuery = measure(prom("sum(", ComparisonOperator.LESS_THAN, 1));
    Reading unreachable = measure(withParams(
        criterion("c", CriterionKind.PROMETHEUS, ComparisonOperator.LESS_THAN, 1).setQuery("up"),
        "source", "http://127.0.0.1:" + RealPrometheus.freePort()));

    assertThat(noData).isEqualTo(Reading.inconclusive("no data: the query returned no series"));
    assertThat(badQuery.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(badQuery.detail()).startsWith("query failed: bad_data:");
    assertThat(unreachable.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(unreachable.detail()).contains("unreachable");
  }

  @Test
  @DisplayName("captures a baseline from Prometheus, then passes within +10% and fails beyond it")
  void baseline() throws Exception {
    CriterionSpec p99 = withParams(
        criterion("p99", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 10).setQuery("measurer_p99_seconds"),
        "direction", "up");

    Reading captured = measure(p99, ValidationPhase.BASELINE, Map.of());
    assertThat(captured).isEqualTo(Reading.passed(0.2, "captured 0.2"));

    prometheus.metrics().set("measurer_p99_seconds", 0.21);
    prometheus.awaitQuery("measurer_p99_seconds", "0.21");
    assertThat(measure(p99, ValidationPhase.POST, Map.of("p99", captured.value())).verdict()).isEqualTo(Verdict.PASSED);

    prometheus.metrics().set("measurer_p99_seconds", 0.25);
    prometheus.awaitQuery("measurer_p99_seconds", "0.25");
    Reading worse = measure(p99, ValidationPhase.POST, Map.of("p99", captured.value()));
    assertThat(worse.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(worse.detail()).isEqualTo("0.25 (+25%) vs baseline 0.2, allowed +10%");
  }

  @Test
  @DisplayName("counts Loki lines over the declared range and sends a well-formed query_range")
  void loki() throws Exception {
    String query = "{app=\"measurer\"} | json | level=\"error\"";
    CriterionSpec noErrors = withParams(
        criterion("errors", CriterionKind.LOKI, ComparisonOperator.EQUAL, 0).setQuery(query), "range", "5m", "limit", "100");

    assertThat(measure(noErrors)).isEqualTo(Reading.passed(0, "count 0 == 0"));
    loki.push("{app=\"measurer\"}", "{\"level\":\"error\",\"msg\":\"boom\"}");
    loki.push("{app=\"measurer\"}", "{\"level\":\"error\",\"msg\":\"boom again\"}");
    assertThat(measure(noErrors)).isEqualTo(Reading.failed(2.0, "count 2 != 0"));

    Map<String, String> sent = loki.queries().get(loki.queries().size() - 1);
    assertThat(sent).containsEntry("query", query).containsEntry("limit", "100").containsEntry("direction", "backward");
    long span = Long.parseLong(sent.get("end")) - Long.parseLong(sent.get("start"));
    assertThat(span).isEqualTo(Duration.ofMinutes(5).toNanos());
  }

  @Test
  @DisplayName("is inconclusive when Loki cannot be reached")
  void lokiUnreachable() throws Exception {
    CriterionSpec spec = withParams(criterion("errors", CriterionKind.LOKI, ComparisonOperator.EQUAL, 0).setQuery("{app=\"x\"}"),
        "source", "http://127.0.0.1:" + RealPrometheus.freePort());

    Reading r = measure(spec);
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.detail()).startsWith("loki at http://127.0.0.1:").contains("unreachable");
  }

  @Test
  @DisplayName("probes a health endpoint with a header resolved from a secret file, and judges status and JSON")
  void http(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "Bearer s3cret\n");
    CriterionSpec spec = withParams(criterion("health", CriterionKind.HTTP, ComparisonOperator.EQUAL, 0).setUrl(health.url()),
        "jsonPath", "status", "expectedValue", "UP", "header.Authorization", "file:" + token);

    health.respond(200, "{\"status\":\"UP\"}");
    assertThat(measure(spec)).isEqualTo(Reading.passed(200, "status is 'UP'"));
    assertThat(health.authorizations()).last().isEqualTo("Bearer s3cret");

    health.respond(503, "{\"status\":\"DOWN\"}");
    assertThat(measure(spec)).isEqualTo(Reading.failed(503.0, "status 503, expected 200"));

    CriterionSpec unreachable = withParams(criterion("health", CriterionKind.HTTP, ComparisonOperator.EQUAL, 0)
        .setUrl("http://127.0.0.1:" + RealPrometheus.freePort() + "/health"));
    assertThat(measure(unreachable).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
  }

  @Test
  @DisplayName("reports a criterion that cannot be measured as declared as inconclusive, naming the field")
  void invalid() throws Exception {
    CriterionSpec noQuery = criterion("c", CriterionKind.PROMETHEUS, ComparisonOperator.LESS_THAN, 1).setQuery(null).build();
    CriterionSpec badRange = withParams(criterion("e", CriterionKind.LOKI, ComparisonOperator.EQUAL, 0), "range", "five minutes");

    assertThat(measure(noQuery)).isEqualTo(Reading.inconclusive("criterion c: query is required for a PROMETHEUS criterion"));
    assertThat(measure(badRange).detail())
        .isEqualTo("criterion e: params.range must be a duration such as 5m or PT5M, was 'five minutes'");
  }
}
