package io.windowops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The admission intake phase")
class AdmissionIntakeTest {

  @TempDir Path dir;

  @Test
  @DisplayName("decides every claim on the bench policy, refusing exactly the tenth ones that copy a slot")
  void decidesEveryClaim() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    try (InputStream in = AdmissionIntakeTest.class.getResourceAsStream("/bench/policy.yaml")) {
      Files.copy(in, policy);
    }
    AdmissionIntake.Intake intake = new AdmissionIntake(policy, dir).run(100, 1_000);
    assertThat(intake.refused()).isEqualTo(100);
    assertThat(intake.latency().count()).isEqualTo(1_000);
    assertThat(intake.smallSeconds()).isPositive();
    assertThat(intake.flatSmallSeconds()).isPositive();
  }
}
