package io.windowops.executor;

import static io.windowops.executor.ExecutorHarness.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.events.CancelStep;
import io.windowops.events.ExecutionKind;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepSpec;
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

@DisplayName("CancelStep on a real broker")
class CancelStepIT {

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private ExecutorHarness executor;

  @BeforeEach
  void setUp() throws Exception {
    executor = ExecutorHarness.start(dir, "cancel-" + run, """
        actions:
          soak:
            type: wait
            timeout: PT1H
            wait: {duration: PT30M}
          noop:
            type: wait
            wait: {duration: PT0S}
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

  private static StepCommandEnvelope runStep(String windowId, String stepId, String action, Map<String, String> params) {
    StepSpec spec = StepSpec.newBuilder().setStepId(stepId).setAction(action).setParams(params).setTimeoutSeconds(3600).build();
    return new StepCommandEnvelope(meta(windowId),
        RunStep.newBuilder().setStepId(stepId).setAttempt(1).setStep(spec).setEnvironment("staging").build());
  }

  private static StepCommandEnvelope cancel(String windowId, String stepId, int attempt, String reason) {
    return new StepCommandEnvelope(meta(windowId), new CancelStep(stepId, attempt, reason, ExecutionKind.STEP));
  }

  private void send(StepCommandEnvelope command) throws Exception {
    executor.send(command);
  }

  private StepOutcome awaitOutcome(String windowId, String stepId, StepStatus status) {
    return executor.awaitOutcome(windowId, ExecutorHarness.of(stepId, ExecutionKind.STEP), stepId, status);
  }

  private List<StepOutcome> outcomes(String windowId, String stepId) {
    return executor.outcomes(windowId, ExecutorHarness.of(stepId, ExecutionKind.STEP));
  }

  private List<StepStatus> statuses(String windowId, String stepId) {
    return executor.statuses(windowId, ExecutorHarness.of(stepId, ExecutionKind.STEP));
  }

  @Test
  @DisplayName("a 30-minute wait: STARTED, CancelStep, INTERRUPTED within seconds; a redelivered CancelStep and RunStep change nothing")
  void cancelsAWait() throws Exception {
    String window = "MNT-CANCEL-" + run + "-1";
    StepCommandEnvelope soak = runStep(window, "soak", "soak", Map.of());
    send(soak);
    awaitOutcome(window, "soak", StepStatus.STARTED);

    StepCommandEnvelope cancel = cancel(window, "soak", 1, "ABORTED: aborted: bad canary");
    long began = System.nanoTime();
    send(cancel);
    StepOutcome interrupted = awaitOutcome(window, "soak", StepStatus.INTERRUPTED);
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    assertThat(took).as("well before the 30-minute soak").isLessThan(Duration.ofSeconds(20));
    assertThat(interrupted.getError()).isEqualTo("cancelled: ABORTED: aborted: bad canary");
    assertThat(interrupted.getReplayed()).isFalse();

    send(cancel); // redelivered
    send(cancel(window, "soak", 2, "ABORTED: an attempt that never ran")); // unknown attempt
    send(soak); // the RunStep redelivered: answered from the ledger, not run again
    StepOutcome replayed = await("the replayed outcome").atMost(Duration.ofSeconds(60))
        .until(() -> outcomes(window, "soak").stream().filter(StepOutcome::getReplayed).findFirst(), java.util.Optional::isPresent)
        .orElseThrow();
    assertThat(replayed.getStatus()).isEqualTo(StepStatus.INTERRUPTED);
    assertThat(replayed.getError()).isEqualTo(interrupted.getError());
    // A later step of the window behind them (same partition) proves both CancelSteps were handled.
    send(runStep(window, "probe", "noop", Map.of()));
    awaitOutcome(window, "probe", StepStatus.SUCCEEDED);
    assertThat(outcomes(window, "soak").stream().filter(o -> !o.getReplayed()).map(StepOutcome::getStatus).toList())
        .containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("a command: CancelStep kills its process tree and it ends INTERRUPTED")
  void cancelsACommand() throws Exception {
    String window = "MNT-CANCEL-" + run + "-2";
    Path pidFile = dir.resolve("block.pid");
    send(runStep(window, "block", "block", Map.of("pidFile", pidFile.toString())));
    awaitOutcome(window, "block", StepStatus.STARTED);
    await("the command runs").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).trim());

    send(cancel(window, "block", 1, "OVERRUN: the window passed its end"));
    StepOutcome interrupted = awaitOutcome(window, "block", StepStatus.INTERRUPTED);
    assertThat(interrupted.getError()).isEqualTo("cancelled: OVERRUN: the window passed its end");
    await("the background child is dead").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    assertThat(statuses(window, "block")).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }
}
