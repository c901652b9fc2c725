package io.windowops.validator;

import static io.windowops.validator.Specs.criterion;
import static io.windowops.validator.Specs.withParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.Verdict;
import io.windowops.validator.ledger.ProgressKeys;
import io.windowops.validator.peers.FakeLoki;
import io.windowops.validator.peers.HealthEndpoint;
import io.windowops.validator.peers.RealPrometheus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The validator service on a real broker")
class ValidatorServiceIT {

  private static RealPrometheus prometheus;
  private static FakeLoki loki;
  private static HealthEndpoint health;
  private static Harness harness;
  private static ValidatorVerticle validator;

  @BeforeAll
  static void start() throws Exception {
    prometheus = RealPrometheus.shared();
    loki = new FakeLoki();
    health = new HealthEndpoint();
    prometheus.metrics().set("service_success_ratio{pod=\"a\"}", 0.995);
    prometheus.metrics().set("service_p99_seconds", 0.2);
    harness = new Harness(prometheus.url(), loki.url());
    validator = new ValidatorVerticle(harness.config());
    harness.deploy(validator);
    prometheus.awaitQuery("service_p99_seconds", "0.2");
    prometheus.awaitQuery("service_success_ratio", "0.995");
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
    loki.close();
    health.close();
  }

  private static String newWindow() {
    return "MNT-IT-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ValidateWindow command(String id, ValidationPhase phase, Map<String, Double> baseline, CriterionSpec... criteria) {
    return ValidateWindow.newBuilder().setValidationId(id).setPhase(phase).setCriteria(List.of(criteria)).setBaseline(baseline).build();
  }

  private static ConsumerRecord<String, ValidationResultEnvelope> awaitOutcome(String windowId, String validationId) {
    return await("the outcome of " + validationId).atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
        .until(() -> harness.outcomes(windowId).stream()
            .filter(r -> ((ValidationOutcome) r.value().getPayload()).getValidationId().equals(validationId))
            .toList(), l -> !l.isEmpty())
        .get(0);
  }

  @Test
  @DisplayName("turns a ValidateWindow into one ValidationOutcome carrying every measurement")
  void endToEnd() throws Exception {
    String window = newWindow();
    health.respond(200, "{\"status\":\"UP\"}");
    CriterionSpec rate = criterion("success-rate", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99)
        .setQuery("service_success_ratio").setCount(2).setIntervalSeconds(1).build();
    CriterionSpec errors = criterion("error-lines", CriterionKind.LOKI, ComparisonOperator.EQUAL, 0)
        .setQuery("{app=\"" + window + "\"} | json | level=\"error\"").build();
    CriterionSpec up = withParams(criterion("health", CriterionKind.HTTP, ComparisonOperator.EQUAL, 0).setUrl(health.url()),
        "jsonPath", "status", "expectedValue", "UP");

    ValidationCommandEnvelope sent = harness.send(window, command("post-1", ValidationPhase.POST, Map.of(), rate, errors, up));
    ConsumerRecord<String, ValidationResultEnvelope> record = awaitOutcome(window, "post-1");

    ValidationOutcome outcome = (ValidationOutcome) record.value().getPayload();
    assertThat(record.key()).isEqualTo(window);
    assertThat(outcome.getVerdict()).isEqualTo(Verdict.PASSED);
    assertThat(outcome.getPhase()).isEqualTo(ValidationPhase.POST);
    assertThat(outcome.getMeasurements()).extracting(Measurement::getCriterionId, Measurement::getIndex, Measurement::getVerdict)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("success-rate", 1, Verdict.PASSED),
            org.assertj.core.groups.Tuple.tuple("success-rate", 2, Verdict.PASSED),
            org.assertj.core.groups.Tuple.tuple("error-lines", 1, Verdict.PASSED),
            org.assertj.core.groups.Tuple.tuple("health", 1, Verdict.PASSED));
    List<Measurement> rates = outcome.getMeasurements().stream().filter(m -> m.getCriterionId().equals("success-rate")).toList();
    assertThat(rates).extracting(Measurement::getValue).containsOnly(0.995);
    // Measurement n is due at startedAt + (n - 1) * interval on a fixed schedule (a late first
    // measurement does not push the second), so the second is never taken before its slot.
    assertThat(rates.get(1).getObservedAt())
        .as("the second measurement waits for its interval")
        .isAfterOrEqualTo(outcome.getStartedAt().plus(Duration.ofSeconds(1)));
    assertThat(rates.get(0).getDetail()).isEqualTo("0.995 >= 0.99 for service_success_ratio{instance=\"" + prometheus.metrics().target() + "\",job=\"test\",pod=\"a\"}");
    assertThat(record.value().getMetadata().getEventId()).isEqualTo(ProgressKeys.outcomeEventId(window, "post-1"));
    assertThat(record.value().getMetadata().getCausationId()).isEqualTo(sent.getMetadata().getEventId());
    assertThat(record.value().getMetadata().getCorrelationId()).isEqualTo("pipeline:deploy-api#42");
    assertThat(record.value().getMetadata().getActor()).isEqualTo("validator");
    assertThat(record.value().getMetadata().getWindowId()).isEqualTo(window);

    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + validator.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("windowops_validator_measurements_total{kind=\"prometheus\",verdict=\"passed\"}")
        .contains("windowops_validator_outcomes_total{phase=\"post\",verdict=\"passed\"}")
        .contains("windowops_validator_validations_active");
  }

  @Test
  @DisplayName("reports a criterion without data as INCONCLUSIVE, not FAILED, with the measurements that found nothing")
  void noDataIsInconclusive() throws Exception {
    String window = newWindow();
    CriterionSpec missing = criterion("queue-depth", CriterionKind.PROMETHEUS, ComparisonOperator.LESS_THAN, 100)
        .setQuery("service_queue_depth_never_exported").setCount(3).setInconclusiveLimit(1).build();

    harness.send(window, command("preflight", ValidationPhase.PREFLIGHT, Map.of(), missing));
    ValidationOutcome outcome = (ValidationOutcome) awaitOutcome(window, "preflight").value().getPayload();

    assertThat(outcome.getVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(outcome.getInconclusiveCriteria()).containsExactly("queue-depth");
    assertThat(outcome.getFailedCriteria()).isEmpty();
    assertThat(outcome.getMeasurements()).hasSize(2).allSatisfy(m -> {
      assertThat(m.getValue()).isNull();
      assertThat(m.getVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(m.getDetail()).isEqualTo("no data: the query returned no series");
    });
  }

  @Test
  @DisplayName("captures a baseline, then passes a post check within +10% and fails one beyond it")
  void baselineThenPost() throws Exception {
    String window = newWindow();
    CriterionSpec p99 = withParams(
        criterion("p99", CriterionKind.BASELINE, ComparisonOperator.WITHIN_PERCENT, 10).setQuery("service_p99_seconds"),
        "direction", "up");

    harness.send(window, command("baseline", ValidationPhase.BASELINE, Map.of(), p99));
    ValidationOutcome baseline = (ValidationOutcome) awaitOutcome(window, "baseline").value().getPayload();
    assertThat(baseline.getVerdict()).isEqualTo(Verdict.PASSED);
    assertThat(baseline.getBaseline()).isEqualTo(Map.of("p99", 0.2));

    prometheus.metrics().set("service_p99_seconds", 0.215);
    prometheus.awaitQuery("service_p99_seconds", "0.215");
    harness.send(window, command("post-ok", ValidationPhase.POST, baseline.getBaseline(), p99));
    assertThat(((ValidationOutcome) awaitOutcome(window, "post-ok").value().getPayload()).getVerdict()).isEqualTo(Verdict.PASSED);

    prometheus.metrics().set("service_p99_seconds", 0.3);
    prometheus.awaitQuery("service_p99_seconds", "0.3");
    harness.send(window, command("post-slow", ValidationPhase.POST, baseline.getBaseline(), p99));
    ValidationOutcome slow = (ValidationOutcome) awaitOutcome(window, "post-slow").value().getPayload();
    assertThat(slow.getVerdict()).isEqualTo(Verdict.FAILED);
    assertThat(slow.getFailedCriteria()).containsExactly("p99");
    assertThat(slow.getMeasurements()).singleElement()
        .satisfies(m -> assertThat(m.getDetail()).isEqualTo("0.3 (+50%) vs baseline 0.2, allowed +10%"));
  }

  @Test
  @DisplayName("fails a criterion on consecutive failures, another on cumulative ones, and stops measuring then")
  void consecutiveAndCumulativeLimits() throws Exception {
    String window = newWindow();
    try (HealthEndpoint flaky = new HealthEndpoint(); HealthEndpoint choppy = new HealthEndpoint()) {
      // flaky: fails twice in a row; choppy: fails every other time, never twice in a row.
      flaky.script(200, 500, 500, 200, 200, 200);
      choppy.script(500, 200, 500, 200, 500, 200);
      CriterionSpec consecutive = criterion("flaky", CriterionKind.HTTP, ComparisonOperator.EQUAL, 0)
          .setUrl(flaky.url()).setCount(6).setConsecutiveFailureLimit(2).setFailureLimit(5).build();
      CriterionSpec cumulative = criterion("choppy", CriterionKind.HTTP, ComparisonOperator.EQUAL, 0)
          .setUrl(choppy.url()).setCount(6).setConsecutiveFailureLimit(2).setFailureLimit(2).build();

      harness.send(window, command("limits-consecutive", ValidationPhase.POST, Map.of(), consecutive));
      harness.send(window, command("limits-cumulative", ValidationPhase.POST, Map.of(), cumulative));
      ValidationOutcome byStreak = (ValidationOutcome) awaitOutcome(window, "limits-consecutive").value().getPayload();
      ValidationOutcome byTotal = (ValidationOutcome) awaitOutcome(window, "limits-cumulative").value().getPayload();

      assertThat(byStreak.getVerdict()).isEqualTo(Verdict.FAILED);
      assertThat(byStreak.getMeasurements()).extracting(Measurement::getVerdict)
          .containsExactly(Verdict.PASSED, Verdict.FAILED, Verdict.FAILED);
      assertThat(byTotal.getVerdict()).isEqualTo(Verdict.FAILED);
      assertThat(byTotal.getMeasurements()).extracting(Measurement::getVerdict)
          .containsExactly(Verdict.FAILED, Verdict.PASSED, Verdict.FAILED, Verdict.PASSED, Verdict.FAILED);
      assertThat(byTotal.getMeasurements()).extracting(Measurement::getDetail).last()
          .isEqualTo("status 500, expected 200");
    }
  }
}
