package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The example catalog's runbooks, run on local files")
class ExampleRunbooksTest {

  @TempDir Path dir;
  private final ActionCatalog catalog = CatalogLoader.load(Path.of("../examples/catalog.yaml"));

  private ActionResult run(String action, Map<String, String> params, Map<String, String> stepOutputs) throws Exception {
    ActionCatalog.Bound bound = catalog.bind(action, params, stepOutputs);
    ActionRequest request =
        new ActionRequest("MNT-T-2", action, 1, ExecutionKind.STEP, bound, Duration.ofSeconds(30), stepOutputs);
    return new CommandRunner(System.getenv()).run(request, (Action.Command) bound.action().spec());
  }

  @Test
  @DisplayName("cache cleanup deletes only files older than N days and reports the bytes freed")
  void cacheCleanup() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("cache/sub"));
    Path old1 = Files.writeString(cache.resolve("old1.bin"), "x".repeat(1000));
    Path old2 = Files.writeString(dir.resolve("cache/old2.bin"), "y".repeat(24));
    Path fresh = Files.writeString(cache.resolve("fresh.bin"), "z".repeat(500));
    FileTime tenDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(10)));
    Files.setLastModifiedTime(old1, tenDaysAgo);
    Files.setLastModifiedTime(old2, tenDaysAgo);

    ActionResult result = run("cache-cleanup", Map.of("cacheDir", dir.resolve("cache").toString(), "olderThanDays", "7"), Map.of());

    assertThat(result.status()).as(result.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.outputs()).containsEntry("filesDeleted", "2").containsEntry("bytesFreed", "1024");
    assertThat(old1).doesNotExist();
    assertThat(old2).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  @DisplayName("backup archives the config directory with tar")
  void backup() throws Exception {
    Path config = Files.createDirectories(dir.resolve("etc/app"));
    Files.writeString(config.resolve("app.conf"), "port=8080\n");
    Path archive = dir.resolve("backups/app.tar.gz");
    ActionResult result = run("backup-config", Map.of("configDir", config.toString(), "archive", archive.toString()), Map.of());
    assertThat(result.status()).as(result.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(archive).isRegularFile();
    Process list = new ProcessBuilder("tar", "-tzf", archive.toString()).start();
    assertThat(new String(list.getInputStream().readAllBytes())).contains("./app.conf");
  }

  @Test
  @DisplayName("upgrade records the previous version, and its rollback compensation restores it from the step's outputs")
  void upgradeAndRollback() throws Exception {
    Path install = Files.createDirectories(dir.resolve("opt/app"));
    Files.writeString(install.resolve("VERSION"), "1.4.2\n");
    ActionResult upgrade = run("upgrade-version", Map.of("installDir", install.toString(), "version", "1.5.0"), Map.of());
    assertThat(upgrade.status()).as(upgrade.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(upgrade.outputs()).containsEntry("previousVersion", "1.4.2");
    assertThat(Files.readString(install.resolve("VERSION"))).isEqualTo("1.5.0\n");

    ActionResult rollback = run("rollback-version", Map.of("installDir", install.toString()), upgrade.outputs());
    assertThat(rollback.status()).as(rollback.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(Files.readString(install.resolve("VERSION"))).isEqualTo("1.4.2\n");
  }

  @Test
  @DisplayName("secret rotation writes the new secret, keeps the old one, never prints it, and restores it on rollback")
  void rotateAndRestore() throws Exception {
    Path secretFile = dir.resolve("app.secret");
    Files.writeString(secretFile, "old-secret-1111\n");
    Path newSecret = dir.resolve("incoming.secret");
    Files.writeString(newSecret, "new-secret-2222\n");

    ActionResult rotate = run("rotate-secret", Map.of("secretFile", secretFile.toString(), "newSecret", "file:" + newSecret), Map.of());
    assertThat(rotate.status()).as(rotate.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(Files.readString(secretFile)).isEqualTo("new-secret-2222\n");
    assertThat(Files.readString(dir.resolve("app.secret.previous"))).isEqualTo("old-secret-1111\n");
    assertThat(rotate.output()).doesNotContain("new-secret-2222");

    ActionResult restore = run("restore-secret", Map.of("secretFile", secretFile.toString()), rotate.outputs());
    assertThat(restore.status()).as(restore.output()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(Files.readString(secretFile)).isEqualTo("old-secret-1111\n");
  }
}
