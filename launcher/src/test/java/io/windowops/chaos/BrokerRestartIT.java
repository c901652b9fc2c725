package io.windowops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Kafka broker stops and starts again (same data, same port) while windows run. */
@DisplayName("A broker restart mid-run")
class BrokerRestartIT {

  @Test
  @DisplayName("every window still ends, with every step's side effect and every notice exactly once")
  void brokerRestartLosesAndDuplicatesNothing() throws Exception {
    ChaosCluster cluster = SharedChaosCluster.get();
    ChaosReport report =
        new ChaosRun(cluster, new ChaosRun.Options(1, 12, false, true, System.nanoTime()), SharedChaosCluster.progress()).run();
    System.out.println(report.details());
    System.out.println(report.summary());
    SharedChaosCluster.record("BrokerRestartIT", report);

    assertThat(report.brokerRestarts()).isEqualTo(1);
    assertThat(report.stepEffects()).as("steps really ran").isPositive();
    assertThat(report.notices()).as("notices really arrived").isPositive();
    assertThat(report.lost()).as("lost: %s", report.details()).isZero();
    assertThat(report.duplicateSteps()).as("side effects that happened twice: %s", report.details()).isZero();
    assertThat(report.duplicateNotices()).as("notices delivered twice: %s", report.details()).isZero();
  }
}
