package io.windowops.executor;

import static io.windowops.executor.ExecutorHarness.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.events.CancelStep;
import io.windowops.events.CompensateStep;
import io.windowops.events.CompensationSpec;
import io.windowops.events.ExecutionKind;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compensations on a real broker: a CancelStep of kind COMPENSATION stops a compensation (the saga
 * sends it when one is overdue), and an idempotent-only compensation (the step's effect is
 * unknown) runs only when the catalog declares its action idempotent.
 */
@DisplayName("Compensations on a real broker")
class CompensationGuardsIT {

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private ExecutorHarness executor;

  @BeforeEach
  void setUp() throws Exception {
    executor = ExecutorHarness.start(dir, "compensations-" + run, """
        actions:
          note:
            type: command
            params:
              file: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'echo undone >> "$1"', sh, '{{file}}']
          set-note:
            type: command
            idempotent: true
            params:
              file: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'echo undone > "$1"', sh, '{{file}}']
          block:
            type: command
            params:
              pidFile: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'sleep 300 & echo $! > "$1"; sleep 300', sh, '{{pidFile}}']
        """);
  }

  @AfterEach
  void tearDown() throws Exception {
    executor.close();
  }

  private void compensate(String windowId, String stepId, String action, Map<String, String> params, boolean idempotentOnly)
      throws Exception {
    send(new StepCommandEnvelope(meta(windowId), CompensateStep.newBuilder().setStepId(stepId).setAttempt(1)
        .setCompensation(new CompensationSpec(action, params)).setTimeoutSeconds(600).setEnvironment("staging")
        .setServices(List.of("api")).setIdempotentOnly(idempotentOnly).build()));
  }

  private void send(StepCommandEnvelope command) throws Exception {
    executor.send(command);
  }

  private StepOutcome awaitOutcome(String windowId, String stepId, StepStatus status) {
    return executor.awaitOutcome(windowId, ExecutorHarness.of(stepId, ExecutionKind.COMPENSATION), stepId + " compensation", status);
  }

  private List<StepStatus> statuses(String windowId, String stepId) {
    return executor.statuses(windowId, ExecutorHarness.of(stepId, ExecutionKind.COMPENSATION));
  }

  @Test
  @DisplayName("a CancelStep of kind COMPENSATION kills a running compensation's process tree: INTERRUPTED")
  void cancelsACompensation() throws Exception {
    String window = "MNT-COMP-" + run + "-1";
    Path pidFile = dir.resolve("block.pid");
    compensate(window, "upgrade", "block", Map.of("pidFile", pidFile.toString()), false);
    awaitOutcome(window, "upgrade", StepStatus.STARTED);
    await("the compensation runs").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).trim());

    send(new StepCommandEnvelope(meta(window),
        new CancelStep("upgrade", 1, "COMPENSATION_TIMEOUT: no compensation outcome within 660s", ExecutionKind.COMPENSATION)));
    StepOutcome interrupted = awaitOutcome(window, "upgrade", StepStatus.INTERRUPTED);
    assertThat(interrupted.getError()).isEqualTo("cancelled: COMPENSATION_TIMEOUT: no compensation outcome within 660s");
    await("the background child is dead").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    assertThat(statuses(window, "upgrade")).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("an idempotent-only compensation of a non-idempotent action fails naming why and never runs; an idempotent one runs")
  void idempotentOnly() throws Exception {
    String window = "MNT-COMP-" + run + "-2";
    Path refused = dir.resolve("refused.txt");
    Path undone = dir.resolve("undone.txt");
    compensate(window, "upgrade", "note", Map.of("file", refused.toString()), true);
    compensate(window, "drain", "set-note", Map.of("file", undone.toString()), true);

    StepOutcome failed = awaitOutcome(window, "upgrade", StepStatus.FAILED);
    awaitOutcome(window, "drain", StepStatus.SUCCEEDED);
    assertThat(failed.getError()).contains("effect of step upgrade is unknown").contains("does not declare note idempotent");
    assertThat(statuses(window, "upgrade")).as("never started").containsExactly(StepStatus.FAILED);
    assertThat(refused).doesNotExist();
    assertThat(Files.readAllLines(undone)).containsExactly("undone");
  }
}
