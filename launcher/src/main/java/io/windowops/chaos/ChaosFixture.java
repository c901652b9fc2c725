package io.windowops.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files a chaos run gives its services: an executor catalog whose one action appends a line
 * to an external sink file (a real side effect the driver counts), a notifier policy that sends
 * every development notice to the driver's webhook receiver, and a secret (the webhook's HMAC key
 * and an environment value of the action) that must never reach a topic or a log.
 */
final class ChaosFixture {

  static final String ACTION = "chaos-append";
  private static final String WEBHOOK_KEY_VARIABLE = "CHAOS_WEBHOOK_KEY";

  private final Path dir;
  private final Path sink;
  private final Path catalog;
  private final Path notifierPolicy;
  private final String secret;

  private ChaosFixture(Path dir, String secret) {
    this.dir = dir;
    this.sink = dir.resolve("step-sink.log");
    this.catalog = dir.resolve("chaos-catalog.yaml");
    this.notifierPolicy = dir.resolve("chaos-notifier.yaml");
    this.secret = secret;
  }

  /** Writes the script, the catalog, the secret file and the notifier policy under {@code dir}. */
  static ChaosFixture write(Path dir, String secret, int receiverPort) throws IOException {
    Files.createDirectories(dir);
    ChaosFixture f = new ChaosFixture(dir, secret);
    Path script = dir.resolve("sink-append.sh");
    Files.writeString(
        script,
        String.join(
            "\n",
            "#!/bin/sh",
            "# Pauses, then appends its tag (window/step) to the sink: one line per run of the action.",
            "# It also prints the planted secret, which the executor must redact from the captured output.",
            "sleep \"$3\"",
            "printf '%s\\n' \"$2\" >> \"$1\"",
            "echo \"appended $2 with token $CHAOS_TOKEN\"",
            ""),
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path secretFile = dir.resolve("chaos-token");
    Files.writeString(secretFile, secret + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(f.sink, "", StandardCharsets.UTF_8);
    Files.writeString(
        f.catalog,
        String.join(
            "\n",
            "actions:",
            "  " + ACTION + ":",
            "    type: command",
            "    description: Appends the step's tag to the chaos sink file (counted by the chaos driver).",
            "    idempotent: false          # appending twice is a second effect",
            "    timeout: PT1M",
            "    params:",
            "      tag:   { pattern: '[A-Za-z0-9][A-Za-z0-9/_-]{0,120}' }",
            "      pause: { pattern: '[0-9](\\.[0-9]{1,3})?' }",
            "    command:",
            "      argv: ['" + script + "', '" + f.sink + "', '{{tag}}', '{{pause}}']",
            "      inheritEnv: [PATH]",
            "      env:",
            "        CHAOS_TOKEN: { secret: 'file:" + secretFile + "' }",
            ""),
        StandardCharsets.UTF_8);
    Files.writeString(
        f.notifierPolicy,
        String.join(
            "\n",
            "targets:",
            "  chaos-hook:",
            "    type: webhook",
            "    url: http://127.0.0.1:" + receiverPort + "/notices",
            "    secret: env:" + WEBHOOK_KEY_VARIABLE,
            "routes:",
            "  - when:",
            "      environments: [development]",
            "    targets: [chaos-hook]",
            ""),
        StandardCharsets.UTF_8);
    return f;
  }

  Path dir() {
    return dir;
  }

  String secret() {
    return secret;
  }

  /** What every service process gets in its environment (the secret only as the HMAC key variable). */
  Map<String, String> environment(Path examples) {
    Map<String, String> env = new HashMap<>();
    env.put("WINDOWOPS_POLICY_FILE", examples.resolve("policies.yaml").toString());
    env.put("WINDOWOPS_API_TOKENS_FILE", examples.resolve("api-tokens.yaml").toString());
    env.put("WINDOWOPS_EXECUTOR_CATALOG", catalog.toString());
    env.put("NOTIFIER_POLICY", notifierPolicy.toString());
    env.put(WEBHOOK_KEY_VARIABLE, secret);
    env.put("WINDOWOPS_LOG_FORMAT", "json");
    return env;
  }

  /** Lines per tag in the sink: how often each window/step's action really ran. */
  Map<String, Long> sinkCounts() throws IOException {
    try (Stream<String> lines = Files.lines(sink, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).collect(Collectors.groupingBy(l -> l, Collectors.counting()));
    }
  }

  /** The tag a step writes to the sink. */
  static String tag(String windowId, String stepId) {
    return windowId + "/" + stepId;
  }

  static List<String> stepIds() {
    return List.of("first", "second");
  }
}
