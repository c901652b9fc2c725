package io.windowops.executor.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.windowops.events.ExecutionKind;
import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.CatalogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A command action")
class CommandRunnerTest {

  @TempDir Path dir;
  private ActionCatalog catalog;
  private final Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "HOME", "/root", "API_TOKEN", "tok-env-4242");

  @BeforeEach
  void catalog() throws Exception {
    Path file = dir.resolve("catalog.yaml");
    Files.writeString(file, """
        actions:
          echo:
            type: command
            params:
              text: {pattern: '.*', allowLeadingDash: true}
            command:
              argv: [/usr/bin/printf, '[%s]', '{{text}}']
          pid-then-sleep:
            type: command
            params:
              pidFile: {pattern: '/.*'}
            command:
              argv: [/bin/sh, -c, 'sleep 300 & echo $! > "$1"; sleep 300', sh, '{{pidFile}}']
          loud:
            type: command
            command:
              argv: [/bin/sh, -c, 'head -c 300000 /dev/zero | tr "\\0" a']
              maxOutputBytes: 1000
          leak:
            type: command
            params:
              token: {secret: true}
            command:
              argv: [/bin/sh, -c, 'echo "file secret: $FILE_SECRET, env secret: $ENV_SECRET, home: ${HOME:-unset}"']
              inheritEnv: [PATH]
              env:
                FILE_SECRET: '{{token}}'
                ENV_SECRET: {secret: 'env:API_TOKEN'}
          edge:
            type: command
            params:
              token: {secret: true}
            command:
              argv: [/bin/sh, -c, 'head -c 990 /dev/zero | tr "\\0" a; printf "%s" "$T"; head -c 5000 /dev/zero | tr "\\0" b']
              env: {T: '{{token}}'}
              maxOutputBytes: 1000
          versions:
            type: command
            outputs: [previousVersion]
            command:
              argv: [/bin/sh, -c, 'echo "::output previousVersion=1.2.3"; echo "::output undeclared=x"; exit 3']
        """);
    catalog = CatalogLoader.load(file);
  }

  private ActionResult run(String action, Map<String, String> params, Duration timeout) throws Exception {
    ActionCatalog.Bound bound = catalog.bind(action, params, Map.of());
    ActionRequest request = new ActionRequest("MNT-T-1", "s1", 1, ExecutionKind.STEP, bound, timeout, Map.of());
    return new CommandRunner(environment).run(request, (Action.Command) bound.action().spec());
  }

  @Test
  @DisplayName("passes shell metacharacters, options and substitutions as one inert argv element")
  void injectionIsInert() throws Exception {
    Path marker = dir.resolve("pwned");
    for (String attack :
        new String[] {"; rm -rf " + dir, "$(touch " + marker + ")", "`touch " + marker + "`", "--version", "a' \"b | c && d"}) {
      ActionResult result = run("echo", Map.of("text", attack), Duration.ofSeconds(10));
      assertThat(result.status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(result.output()).isEqualTo("[" + attack + "]");
    }
    assertThat(marker).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  @DisplayName("kills the whole process tree when the timeout passes")
  void timeoutKillsTree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    long began = System.nanoTime();
    ActionResult result = run("pid-then-sleep", Map.of("pidFile", pidFile.toString()), Duration.ofMillis(1500));
    assertThat(result.status()).isEqualTo(StepStatus.TIMED_OUT);
    assertThat(result.error()).contains("killed after PT1.5S");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(15));
    long child = Long.parseLong(Files.readString(pidFile).trim());
    await("the background child is dead").atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  @DisplayName("keeps only the documented amount of output and says it was cut")
  void truncates() throws Exception {
    ActionResult result = run("loud", Map.of(), Duration.ofSeconds(20));
    assertThat(result.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.output()).hasSize(1000).matches("a+");
    assertThat(result.truncated()).isTrue();
  }

  @Test
  @DisplayName("resolves secret references at run time, redacts their values and passes only allowed variables")
  void redactsSecrets() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "s3cr3t-planted-value\n");
    ActionResult result = run("leak", Map.of("token", "file:" + secret), Duration.ofSeconds(10));
    assertThat(result.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(result.output())
        .doesNotContain("s3cr3t-planted-value")
        .doesNotContain("tok-env-4242")
        .isEqualTo("file secret: [REDACTED], env secret: [REDACTED], home: unset\n");
  }

  @Test
  @DisplayName("redacts a secret that straddles the truncation limit instead of leaving part of it visible")
  void redactsAcrossTheCut() throws Exception {
    Path secret = dir.resolve("edge.txt");
    Files.writeString(secret, "ZQXJ-secret-at-the-edge");
    ActionResult result = run("edge", Map.of("token", "file:" + secret), Duration.ofSeconds(10));
    assertThat(result.truncated()).isTrue();
    assertThat(result.output()).hasSize(1000).startsWith("a".repeat(990)).doesNotContain("ZQXJ");
    assertThat(result.output().substring(990)).isEqualTo("[REDACTED]");
  }

  @Test
  @DisplayName("fails with a clear error, without running, when a secret cannot be read")
  void missingSecret() throws Exception {
    ActionResult result = run("leak", Map.of("token", "file:" + dir.resolve("absent")), Duration.ofSeconds(10));
    assertThat(result.status()).isEqualTo(StepStatus.FAILED);
    assertThat(result.error()).contains("secret file:" + dir.resolve("absent") + " cannot be read");
  }

  @Test
  @DisplayName("reports the exit code and records only declared outputs")
  void exitCodeAndOutputs() throws Exception {
    ActionResult result = run("versions", Map.of(), Duration.ofSeconds(10));
    assertThat(result.status()).isEqualTo(StepStatus.FAILED);
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.outputs()).containsExactly(Map.entry("previousVersion", "1.2.3"));
  }
}
