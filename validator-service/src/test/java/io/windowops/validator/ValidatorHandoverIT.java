package io.windowops.validator;

import static io.windowops.validator.Specs.criterion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.Measurement;
import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationOutcome;
import io.windowops.events.ValidationPhase;
import io.windowops.events.Verdict;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.metrics.Meters;
import io.windowops.validator.ledger.ProgressKeys;
import io.windowops.validator.peers.RealPrometheus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two validator instances")
class ValidatorHandoverIT {

  private Harness harness;

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  @DisplayName("share the validations by ledger partition, and the survivor finishes the other's, each reported once")
  void survivorTakesOver() throws Exception {
    RealPrometheus prometheus = RealPrometheus.shared();
    prometheus.metrics().set("handover_success_ratio", 1.0);
    prometheus.awaitQuery("handover_success_ratio", "1");
    harness = new Harness(prometheus.url(), "http://127.0.0.1:9");
    WindowOpsConfig base = harness.config();
    String doomed = harness.deploy(new ValidatorVerticle(base.with("WINDOWOPS_INSTANCE_ID", "validator-a")));
    harness.deploy(new ValidatorVerticle(base.with("WINDOWOPS_INSTANCE_ID", "validator-b")));

    // One window per partition, so both instances own some.
    List<String> windows = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    String run = UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; partitions.size() < 6; i++) {
      String w = "MNT-HANDOVER-" + run + "-" + i;
      if (partitions.add(ProgressKeys.partition(w))) {
        windows.add(w);
      }
    }
    ValidateWindow post = ValidateWindow.newBuilder()
        .setValidationId("post")
        .setPhase(ValidationPhase.POST)
        .setCriteria(List.of(criterion("rate", CriterionKind.PROMETHEUS, ComparisonOperator.GREATER_OR_EQUAL, 0.99)
            .setQuery("handover_success_ratio").setCount(4).setIntervalSeconds(2).build()))
        .build();
    double resumedBefore = resumed();
    for (String w : windows) {
      harness.send(w, post);
    }
    await("every validation has a measurement recorded").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
        .until(() -> windows.stream().allMatch(w -> harness.progress(w).stream()
            .anyMatch(r -> !r.value().getMeasurements().isEmpty())));

    harness.undeploy(doomed);

    await("every validation is reported").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> windows.stream().allMatch(w -> !harness.outcomes(w).isEmpty()));
    for (String w : windows) {
      List<ValidationOutcome> outcomes = harness.outcomes(w).stream().map(r -> (ValidationOutcome) r.value().getPayload()).toList();
      assertThat(outcomes).as(w).singleElement().satisfies(o -> {
        assertThat(o.getVerdict()).isEqualTo(Verdict.PASSED);
        assertThat(o.getMeasurements()).extracting(Measurement::getIndex).containsExactly(1, 2, 3, 4);
      });
    }
    assertThat(resumed() - resumedBefore).as("validations resumed by the survivor").isGreaterThanOrEqualTo(3);
  }

  private static double resumed() {
    Counter c = Meters.registry().find("windowops.validator.validations.resumed").counter();
    return c == null ? 0 : c.count();
  }
}
