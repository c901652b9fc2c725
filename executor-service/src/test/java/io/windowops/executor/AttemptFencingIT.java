package io.windowops.executor;

import static io.windowops.executor.ExecutorHarness.meta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.windowops.events.ExecutionKind;
import io.windowops.events.FreezeAll;
import io.windowops.events.RunStep;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepSpec;
import io.windowops.events.StepStatus;
import io.windowops.events.Unfreeze;
import io.windowops.platform.metrics.Meters;
import io.windowops.schemas.FreezeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attempts fenced on a real broker: attempt N of a step never runs once attempt N+1 is known, and
 * an attempt's deadline runs from its acceptance, freeze included. Every test lifts the freeze it
 * set, whatever happens (the broker and its freeze are shared).
 */
@DisplayName("Step attempts on a real broker")
class AttemptFencingIT {

  @TempDir Path dir;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private ExecutorHarness executor;

  @BeforeEach
  void setUp() throws Exception {
    // Not idempotent: each run appends a line, so the file tells which attempts ran.
    executor = ExecutorHarness.start(dir, "fence-" + run, """
        actions:
          note:
            type: command
            params:
              file: {pattern: '/.*'}
              text: {pattern: '[a-z0-9-]+'}
            command:
              argv: [/bin/sh, -c, 'echo "$2" >> "$1"', sh, '{{file}}', '{{text}}']
        """);
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      freezeEvent(new Unfreeze("test over", "user:it"));
    } finally {
      executor.close();
    }
  }

  private void freezeEvent(Object payload) throws Exception {
    executor.request(FreezeKey.WINDOW_ID, payload);
  }

  private void freeze() throws Exception {
    freezeEvent(new FreezeAll("INC-" + run, "user:alice"));
    await("the executor is frozen").atMost(Duration.ofSeconds(30)).until(() -> gauge("windowops.executor.frozen") == 1.0);
  }

  /** Attempt {@code attempt} of {@code stepId}, appending {@code attempt-<n>} to {@code file}. */
  private void runStep(String windowId, String stepId, int attempt, Path file, int timeoutSeconds) throws Exception {
    StepSpec spec = StepSpec.newBuilder().setStepId(stepId).setAction("note")
        .setParams(Map.of("file", file.toString(), "text", "attempt-" + attempt))
        .setTimeoutSeconds(timeoutSeconds).setMaxRetries(3).setService("api").build();
    executor.send(new StepCommandEnvelope(meta(windowId),
        RunStep.newBuilder().setStepId(stepId).setAttempt(attempt).setStep(spec).setEnvironment("staging").build()));
  }

  private static Predicate<StepOutcome> attempt(String stepId, int attempt) {
    return ExecutorHarness.of(stepId, ExecutionKind.STEP).and(o -> o.getAttempt() == attempt);
  }

  private StepOutcome awaitOutcome(String windowId, String stepId, int attempt, StepStatus status) {
    return executor.awaitOutcome(windowId, attempt(stepId, attempt), stepId + "#" + attempt, status);
  }

  private List<StepStatus> statuses(String windowId, String stepId, int attempt) {
    return executor.statuses(windowId, attempt(stepId, attempt));
  }

  private static double gauge(String name) {
    Gauge g = Meters.registry().find(name).gauge();
    return g == null ? Double.NaN : g.value();
  }

  @Test
  @DisplayName("attempt N+1 accepted during a freeze withdraws held attempt N, so only N+1 runs when the freeze lifts")
  void heldAttemptSuperseded() throws Exception {
    String window = "MNT-FENCE-" + run + "-1";
    Path file = dir.resolve("superseded.txt");
    freeze();

    runStep(window, "upgrade", 1, file, 60);
    awaitOutcome(window, "upgrade", 1, StepStatus.STARTED);
    runStep(window, "upgrade", 2, file, 60);
    awaitOutcome(window, "upgrade", 2, StepStatus.STARTED);
    StepOutcome withdrawn = awaitOutcome(window, "upgrade", 1, StepStatus.INTERRUPTED);
    assertThat(withdrawn.getError()).isEqualTo("cancelled: superseded by attempt 2");
    assertThat(withdrawn.getNotStarted()).as("the saga can tell nothing ran").isTrue();

    freezeEvent(new Unfreeze("INC-" + run + " resolved", "user:alice"));
    assertThat(awaitOutcome(window, "upgrade", 2, StepStatus.SUCCEEDED).getNotStarted()).isFalse();
    assertThat(Files.readAllLines(file)).as("attempt 1 never ran").containsExactly("attempt-2");
    assertThat(statuses(window, "upgrade", 1)).containsExactly(StepStatus.STARTED, StepStatus.INTERRUPTED);
  }

  @Test
  @DisplayName("attempt N arriving once attempt N+1 is in the execution ledger is refused and never runs")
  void lateAttemptRefused() throws Exception {
    String window = "MNT-FENCE-" + run + "-2";
    Path file = dir.resolve("refused.txt");

    runStep(window, "upgrade", 2, file, 60);
    awaitOutcome(window, "upgrade", 2, StepStatus.SUCCEEDED);
    runStep(window, "upgrade", 1, file, 60);
    StepOutcome refused = awaitOutcome(window, "upgrade", 1, StepStatus.FAILED);

    assertThat(refused.getError()).isEqualTo("refused: attempt 2 is already known, so attempt 1 never runs");
    assertThat(refused.getNotStarted()).isTrue();
    assertThat(statuses(window, "upgrade", 1)).as("no STARTED: it was never accepted").containsExactly(StepStatus.FAILED);
    assertThat(Files.readAllLines(file)).containsExactly("attempt-2");
  }

  @Test
  @DisplayName("an attempt held by the freeze past its deadline (counted from acceptance) is reported TIMED_OUT and never runs")
  void heldPastDeadline() throws Exception {
    String window = "MNT-FENCE-" + run + "-3";
    Path file = dir.resolve("late.txt");
    freeze();

    runStep(window, "upgrade", 1, file, 2);
    StepOutcome started = awaitOutcome(window, "upgrade", 1, StepStatus.STARTED);
    StepOutcome timedOut = awaitOutcome(window, "upgrade", 1, StepStatus.TIMED_OUT);
    assertThat(timedOut.getError()).startsWith("not started: its deadline").contains("timeout PT2S");
    assertThat(timedOut.getNotStarted()).isTrue();
    assertThat(Duration.between(started.getStartedAt(), timedOut.getFinishedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(gauge("windowops.executor.held")).as("no longer held").isZero();

    freezeEvent(new Unfreeze("INC-" + run + " resolved", "user:alice"));
    String probe = "MNT-FENCE-" + run + "-probe";
    runStep(probe, "probe", 1, dir.resolve("probe.txt"), 60);
    awaitOutcome(probe, "probe", 1, StepStatus.SUCCEEDED);
    assertThat(file).as("the late attempt never ran").doesNotExist();
    assertThat(statuses(window, "upgrade", 1)).containsExactly(StepStatus.STARTED, StepStatus.TIMED_OUT);
  }
}
