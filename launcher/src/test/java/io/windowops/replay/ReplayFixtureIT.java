package io.windowops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.cli.WindowOpsCommand;
import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import io.windowops.platform.registry.SchemaRegistryOptions;
import io.windowops.platform.registry.SchemaRegistryServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CI check: the committed recording of a real run is loaded into a fresh broker and registry
 * with {@code windowops replay import}, and {@code windowops replay} finds no difference with the
 * current code and policy, and finds the windows a deliberately changed policy rule affects.
 */
@DisplayName("windowops replay on the recorded fixture")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayFixtureIT {

  @TempDir static Path dir;
  private static EmbeddedKafkaBroker broker;
  private static Vertx vertx;
  private static String registryUrl;
  private static Path fixture;
  private static final Path POLICY = ReplayerTest.POLICY;

  @BeforeAll
  static void startEmptyCluster() throws Exception {
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    vertx = Vertx.vertx();
    SchemaRegistryServer registry =
        new SchemaRegistryServer(SchemaRegistryOptions.forBroker(broker.bootstrapServers()).withHost("127.0.0.1").withPort(0));
    vertx.deployVerticle(registry).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    registryUrl = registry.url();
    fixture = dir.resolve("recorded-run.jsonl");
    try (InputStream in = ReplayFixtureIT.class.getResourceAsStream(ReplayerTest.FIXTURE)) {
      Files.copy(in, fixture);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("says there is nothing to replay on an empty cluster (exit 3)")
  void emptyClusterHasNothing() {
    assertThat(windowops(3, "replay", "--policy", POLICY.toString()).err()).contains("Nothing to replay");
  }

  @Test
  @Order(2)
  @DisplayName("loads the recording into the empty cluster, and refuses to load it twice (exit 2)")
  void importsTheRecordingOnce() {
    assertThat(windowops(0, "replay", "import", fixture.toString()).out()).contains("Loaded");
    assertThat(windowops(2, "replay", "import", fixture.toString()).err()).contains("already hold records");
  }

  @Test
  @Order(3)
  @DisplayName("finds no difference with the current code and the example policy (exit 0)")
  void replayFindsNoDifference() {
    JsonObject report = new JsonObject(windowops(0, "replay", "--format", "json", "--policy", POLICY.toString()).out());
    assertThat(report.getInteger("differences")).as(report.encodePrettily()).isZero();
    assertThat(report.getInteger("windowsReplayed")).isGreaterThanOrEqualTo(3);
    assertThat(report.getJsonObject("incomplete")).isEmpty();
    assertThat(report.getInteger("undecodable")).isZero();
    assertThat(windowops(0, "replay", "--policy", POLICY.toString()).out()).contains("0 windows differ");
  }

  @Test
  @Order(4)
  @DisplayName("finds the emergencies when the policy demands one approval instead of two (exit 1)")
  void changedRuleIsFound() throws Exception {
    String emergency = "roles: [incident-commander, engineering-manager, vp-engineering, cto]\n      count: 2";
    Path changed = Files.writeString(dir.resolve("one-approval.yaml"),
        Files.readString(POLICY).replace(emergency, emergency.replace("count: 2", "count: 1")));

    JsonObject report = new JsonObject(windowops(1, "replay", "--format", "json", "--policy", changed.toString()).out());

    JsonArray windows = report.getJsonArray("windows");
    assertThat(report.getInteger("differences")).isEqualTo(2).isEqualTo(windows.size());
    List<String> ids = windows.stream().map(w -> ((JsonObject) w).getString("windowId")).toList();
    assertThat(ids).anyMatch(id -> id.startsWith("MNT-REPLAY-DONE-")).anyMatch(id -> id.startsWith("MNT-REPLAY-ABORT-"));
    for (Object w : windows) {
      JsonObject d = (JsonObject) w;
      assertThat(d.getString("input")).contains("SlotGranted");
      assertThat(d.getString("expected")).startsWith("ApprovalNeeded").contains("\"approvalsRequired\": 1");
      assertThat(d.getString("recorded")).startsWith("ApprovalNeeded").contains("\"approvalsRequired\": 2");
    }
    String text = windowops(1, "replay", "--policy", changed.toString()).out();
    assertThat(text).contains("2 windows differ").contains("expected:").contains("recorded:");
  }

  @Test
  @Order(5)
  @DisplayName("answers a policy it cannot read with a usage error (exit 2) and documents itself")
  void usageErrors() {
    assertThat(windowops(2, "replay", "--policy", dir.resolve("missing.yaml").toString()).err()).contains("--policy");
    assertThat(windowops(0, "replay", "--help").out()).contains("Exit codes").contains("--format").contains("export").contains("import");
    assertThat(windowops(2, "replay", "import", dir.resolve("missing.jsonl").toString()).err()).contains("missing.jsonl");
  }

  @Test
  @Order(6)
  @DisplayName("answers a broker it cannot reach naming it, with the CLI's unreachable code (exit 4)")
  void unreachableBroker() {
    System.setProperty("KAFKA_DEFAULT_API_TIMEOUT_MS", "2000");
    try {
      System.setProperty("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new WindowOpsCommand()).setErr(new PrintWriter(err))
          .execute("replay", "--policy", POLICY.toString());
      assertThat(exit).as(err.toString()).isEqualTo(4);
      assertThat(err.toString()).contains("127.0.0.1:1");
    } finally {
      System.clearProperty("KAFKA_DEFAULT_API_TIMEOUT_MS");
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
    }
  }

  private record Run(String out, String err) {}

  /** Runs {@code windowops ARGS} in this JVM against the test cluster. */
  private static Run windowops(int expectedExit, String... args) {
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    System.setProperty("SCHEMA_REGISTRY_URL", registryUrl);
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new WindowOpsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
      assertThat(exit).as("windowops %s%n%s%n%s", String.join(" ", args), out, err).isEqualTo(expectedExit);
      return new Run(out.toString(), err.toString());
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
      System.clearProperty("SCHEMA_REGISTRY_URL");
    }
  }
}
