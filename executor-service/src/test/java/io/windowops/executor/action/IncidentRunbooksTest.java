package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import io.windowops.executor.catalog.ActionCatalog.InvalidStepException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example catalog's incident actions, run on local files")
class IncidentRunbooksTest {

  @TempDir Path dir;
  private final ActionCatalog catalog = CatalogLoader.load(Path.of("../examples/catalog.yaml"));

  private ActionResult run(String action, Map<String, String> params, Map<String, String> stepOutputs) throws Exception {
    ActionCatalog.Bound bound = catalog.bind(action, params, stepOutputs);
    ActionRequest request =
        new ActionRequest("ALERT-T-1", action, 1, ExecutionKind.STEP, bound, Duration.ofSeconds(30), stepOutputs);
    return new CommandRunner(System.getenv()).run(request, (Action.Command) bound.action().spec());
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("verify-digests lists the files failing their digest as evidence, and succeeds: finding them is the diagnosis")
  void verifyDigests() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cache.resolve("a"), "good");
    Files.writeString(cache.resolve("b"), "tampered");
    Files.writeString(cache.resolve("SHA256SUMS"), sha256("good") + "  a\n" + sha256("good") + "  b\n");
    ActionResult result = run("verify-digests", Map.of("dir", cache.toString()), Map.of());
    assertThat(result.status()).as(result.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("checked", "2").containsEntry("mismatches", "1");
    assertThat(result.output()).contains("b: FAILED").doesNotContain("a: FAILED");
  }

  @Test
  @DisplayName("capture-dir reports size, count and the newest files, and changes nothing")
  void captureDir() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    Files.writeString(state.resolve("big"), "x".repeat(300));
    Files.writeString(state.resolve("small"), "y");
    ActionResult result = run("capture-dir", Map.of("dir", state.toString()), Map.of());
    assertThat(result.status()).as(result.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("files", "2").containsEntry("bytes", "301");
    assertThat(result.output()).contains("largest files:").contains(state.resolve("big").toString());
    assertThat(state.resolve("big")).exists();
  }

  @Test
  @DisplayName("quarantine moves a cache aside, and its compensation puts it back from the step's outputs")
  void quarantineAndRestore() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache"));
    Files.writeString(cache.resolve("artifact"), "tampered");
    Path quarantine = dir.resolve("quarantine/cache");
    ActionResult moved = run("quarantine-dir", Map.of("dir", cache.toString(), "quarantine", quarantine.toString()), Map.of());
    assertThat(moved.status()).as(moved.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(cache).isEmptyDirectory();
    assertThat(quarantine.resolve("artifact")).hasContent("tampered");

    ActionResult restored = run("restore-dir", Map.of("dir", cache.toString()), moved.outputs());
    assertThat(restored.status()).as(restored.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(cache.resolve("artifact")).hasContent("tampered");
    assertThat(quarantine).doesNotExist();
  }

  @Test
  @DisplayName("set-instances records the previous count, and restore-instances puts it back")
  void stopAllAndRestore() throws Exception {
    Path control = dir.resolve("etc/oneiric/instances");
    Files.createDirectories(control.getParent());
    Files.writeString(control, "12\n");
    ActionResult stopped = run("set-instances", Map.of("controlFile", control.toString(), "count", "0"), Map.of());
    assertThat(stopped.status()).as(stopped.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(stopped.outputs()).containsEntry("previousCount", "12");
    assertThat(control).hasContent("0");
    ActionResult restored = run("restore-instances", Map.of("controlFile", control.toString()), stopped.outputs());
    assertThat(restored.status()).as(restored.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(control).hasContent("12");
  }

  @Test
  @DisplayName("a path parameter that is not an absolute plain path is refused before anything runs")
  void hostileParameter() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> catalog.bind("quarantine-dir", Map.of("dir", "/var/cache/x; rm -rf /", "quarantine", "/tmp/q"), Map.of()))
        .isInstanceOf(InvalidStepException.class)
        .hasMessageContaining("dir");
  }
}
