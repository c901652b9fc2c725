package io.windowops.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The chaos test at CI size: rounds of concurrent windows on two JVMs per service while random
 * instances are SIGKILLed and restarted. The figures come from counting: lines in the step sink,
 * deliveries at the webhook receiver, terminal facts on the windows topic.
 */
@DisplayName("Random hard kills of service instances")
class ChaosIT {

  @Test
  @DisplayName("every window ends, every step's side effect happens once and every notice arrives once")
  void killsLoseAndDuplicateNothing() throws Exception {
    ChaosCluster cluster = SharedChaosCluster.get();
    ChaosReport report =
        new ChaosRun(cluster, new ChaosRun.Options(2, 12, true, false, System.nanoTime()), SharedChaosCluster.progress()).run();
    System.out.println(report.details());
    System.out.println(report.summary());
    SharedChaosCluster.record("ChaosIT", report);

    assertThat(report.kills()).as("instances were killed").isPositive();
    assertThat(report.windows()).isEqualTo(24);
    assertThat(report.completed()).as("windows that ran all their steps: %s", report.details()).isPositive();
    assertThat(report.stepEffects()).as("steps really ran").isPositive();
    assertThat(report.notices()).as("notices really arrived").isPositive();
    assertThat(report.lostWindows()).as("windows without a terminal state: %s", report.details()).isZero();
    assertThat(report.lostSteps()).as("succeeded steps without their side effect: %s", report.details()).isZero();
    assertThat(report.lostNotices()).as("notices never delivered: %s", report.details()).isZero();
    assertThat(report.duplicateSteps()).as("side effects that happened twice: %s", report.details()).isZero();
    assertThat(report.duplicateNotices()).as("notices delivered twice: %s", report.details()).isZero();
  }
}
