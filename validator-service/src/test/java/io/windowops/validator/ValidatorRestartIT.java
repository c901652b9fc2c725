package io.windowops.validator;

import static io.windowops.validator.Specs.criterion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationProgressState;
import io.windowops.events.Verdict;
import io.windowops.platform.metrics.Meters;
import io.windowops.validator.ledger.ProgressKeys;
import io.windowops.validator.peers.RealPrometheus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A validator restarted in the middle of a validation")
class ValidatorRestartIT {

  private Harness harness;

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private List<ValidationOutcome> outcomes(String window, String validationId) {
    return harness.outcomes(window).stream()
        .map(r -> (ValidationOutcome) r.value().getPayload())
        .filter(o -> o.getValidationId().equals(validationId))
        .toList();
  }

  private List<ValidationProgress> progress(String window) {
    return harness.progress(window).stream().filter(r -> !ProgressKeys.isAccepted(r.key())).map(r -> r.value()).toList();
  }

  @Test
  @DisplayName("resumes from the recorded measurements and reports once, even when the command is delivered again")
  void resumesAndReportsOnce() throws Exception {
    RealPrometheus prometheus = RealPrometheus.shared();
    prometheus.metrics().set("restart_success_ratio", 1.0);
    prometheus.awaitQuery("restart_success_ratio", "1");
    harness = new Harness(prometheus.url(), "http://127.0.0.1:9");
    String window = "MNT-RESTART-" + UUID.randomUUID().toString().substring(0, 8);
    ValidateWindow post = ValidateWindow.newBuilder()
        .setValidationId("post")
        .setPhase(ValidationPhase.POST)
        .setCriteria(List.of(criterion("rate", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99)
            .setQuery("restart_success_ratio").setCount(4).setIntervalSeconds(2).build()))
        .build();

    String first = harness.deploy(new ValidatorVerticle(harness.config()));
    ValidationCommandEnvelope sent = harness.send(window, post);
    List<Measurement> before =
        await("two measurements recorded").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> progress(window).stream().map(ValidationProgress::getMeasurements)
                .filter(ms -> ms.size() >= 2).findFirst().orElse(List.of()), ms -> ms.size() >= 2);
    harness.undeploy(first);
    assertThat(outcomes(window, "post")).as("nothing reported by the stopped validator").isEmpty();

    harness.deploy(new ValidatorVerticle(harness.config()));
    ValidationOutcome outcome =
        await("the outcome after the restart").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300))
            .until(() -> outcomes(window, "post"), l -> !l.isEmpty()).get(0);

    assertThat(outcome.getVerdict()).isEqualTo(Verdict.PASSED);
    assertThat(outcome.getMeasurements()).extracting(Measurement::getIndex).containsExactly(1, 2, 3, 4);
    assertThat(outcome.getMeasurements().subList(0, 2)).as("the measurements taken before the restart are kept, not retaken")
        .isEqualTo(before.subList(0, 2));
    assertThat(progress(window)).last().extracting(ValidationProgress::getState).isEqualTo(ValidationProgressState.REPORTED);
    assertThat(Meters.registry().find("windowops.validator.validations.resumed").counter())
        .isNotNull().satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));

    // The same command again (a redelivery), then a new one for the same window, same partition.
    harness.resend(window, sent);
    harness.send(window, ValidateWindow.newBuilder(post).setValidationId("after")
        .setCriteria(List.of(ValidateWindow.newBuilder(post).build().getCriteria().get(0)).stream()
            .map(c -> io.windowops.events.CriterionSpec.newBuilder(c).setCount(1).build()).toList())
        .build());
    await("the next validation's outcome").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> !outcomes(window, "after").isEmpty());
    assertThat(outcomes(window, "post")).as("the validation is reported exactly once").hasSize(1);
  }
}
