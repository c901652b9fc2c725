package io.windowops.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Security on the running system (two JVMs per service): parameter injection never executes, a
 * secret planted in the catalog and the notifier policy appears in no topic's bytes and no log
 * line, and calls without a token, with the wrong role, or approving one's own window are refused
 * and audited.
 */
@DisplayName("Security of the running system")
class SecurityIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  @DisplayName("injection never runs, the planted secret leaks nowhere, refused calls are audited")
  void securityHolds() throws Exception {
    ChaosCluster cluster = SharedChaosCluster.get();
    String scheduler = cluster.schedulers().get(0);

    // Ordinary windows use the secret: the action gets it (and prints it), the notifier signs with it.
    ChaosReport ordinary = new ChaosRun(cluster, new ChaosRun.Options(1, 3, false, false, System.nanoTime()), SharedChaosCluster.progress()).run();
    assertThat(ordinary.completed()).as(ordinary.details()).isEqualTo(3);
    assertThat(cluster.receiver().badSignatures()).as("webhook bodies signed with the planted key").isZero();
    assertThat(ordinary.notices()).isPositive();

    Path marker = cluster.home().resolve("pwned-" + UUID.randomUUID());
    String prefix = "SEC-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "-";
    List<String> injections =
        List.of(
            "x; touch " + marker,
            "$(touch " + marker + ")",
            "`touch " + marker + "`",
            "x\ntouch " + marker,
            "x && touch " + marker,
            "--output=" + marker,
            "../../../../" + marker);
    WindowRequests requests = new WindowRequests(cluster::schedulers);
    try (WindowWatcher watcher = new WindowWatcher(cluster.config(), prefix)) {
      Instant start = Instant.now().plusSeconds(8);
      List<String> injected = new ArrayList<>();
      for (int i = 0; i < injections.size(); i++) {
        String id = prefix + "INJ-" + i;
        JsonArray steps = new JsonArray().add(new JsonObject()
            .put("stepId", "first").put("action", ChaosFixture.ACTION).put("timeoutSeconds", 30)
            .put("params", new JsonObject().put("tag", injections.get(i)).put("pause", i % 2 == 0 ? "0.1" : "0.1; touch " + marker)));
        if (!refusedAtTheDoor(requests, id, start, steps)) {
          injected.add(id);
        }
      }
      // A parameter the catalog does not declare is refused too.
      String undeclared = prefix + "INJ-UNDECLARED";
      if (!refusedAtTheDoor(requests, undeclared, start, new JsonArray().add(new JsonObject()
          .put("stepId", "first").put("action", ChaosFixture.ACTION).put("timeoutSeconds", 30)
          .put("params", new JsonObject().put("tag", "ok").put("pause", "0.1").put("argv", "touch " + marker))))) {
        injected.add(undeclared);
      }
      assertThat(injected).as("most injections reach the executor (the API does not know the catalog)").isNotEmpty();

      // Refused calls: no token, an unknown token, the wrong role.
      assertThat(call(scheduler, "POST", "/windows", null, "{}").statusCode()).isEqualTo(401);
      assertThat(call(scheduler, "POST", "/windows", "not-a-token", "{}").statusCode()).isEqualTo(401);
      assertThat(call(scheduler, "POST", "/windows", "auditor-dev-token", "{}").statusCode()).isEqualTo(403);
      assertThat(call(scheduler, "POST", "/windows/" + undeclared + "/approve", "requester-dev-token", "{}").statusCode()).isEqualTo(403);
      assertThat(call(scheduler, "POST", "/freeze", "requester-dev-token", "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
      assertThat(call(scheduler, "POST", "/windows/" + undeclared + "/abort", "lead-dev-token", "{}").statusCode()).isEqualTo(403);
      // Self-approval: ivan requests a zero-downtime window (four-eyes) and approves it himself.
      String own = prefix + "SELF";
      Instant later = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
      JsonObject request = new JsonObject()
          .put("windowId", own).put("title", "Approve my own change").put("services", new JsonArray().add("sec-self"))
          .put("environment", "development").put("maintenanceType", "ZERO_DOWNTIME")
          .put("requestedStart", later.toString()).put("requestedEnd", later.plus(1, ChronoUnit.HOURS).toString())
          .put("steps", WindowRequests.sinkSteps(own, new java.util.Random(1)));
      assertThat(requests.post("/windows", "incident-dev-token", request.encode()).statusCode()).isIn(201, 202);
      requests.post("/windows/" + own + "/approve", "incident-dev-token", "{}");

      await("injected windows end, the self-approval is refused").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .until(() -> injected.stream().allMatch(id -> watcher.facts(id).map(f -> f.terminal != null).orElse(false))
              && watcher.facts(own).map(f -> !f.rejections.isEmpty()).orElse(false));
      for (String id : injected) {
        assertThat(watcher.facts(id).orElseThrow().terminal).as("window %s", id).isNotEqualTo("COMPLETED");
      }
      assertThat(watcher.facts(own).orElseThrow().rejections).anyMatch(r -> r.startsWith("SELF_APPROVAL") && r.contains("ivan-incident"));
    }
    assertThat(marker).as("no injected command ran").doesNotExist();
    assertThat(cluster.fixture().sinkCounts().keySet()).noneMatch(tag -> tag.startsWith(prefix));

    // Refused calls are in the scheduler's security audit, with actor, route and reason.
    List<String> audit = new ArrayList<>();
    for (ServiceProcess p : cluster.processes()) {
      if (p.service().equals("scheduler")) {
        audit.addAll(Files.readAllLines(p.log(), StandardCharsets.UTF_8).stream().filter(l -> l.contains("API call refused")).toList());
      }
    }
    assertThat(audit).anyMatch(l -> l.contains("actor=anonymous") && l.contains("route=/windows") && l.contains("status=401") && l.contains("no bearer token"));
    assertThat(audit).anyMatch(l -> l.contains("actor=anonymous") && l.contains("unknown or malformed bearer token"));
    assertThat(audit).anyMatch(l -> l.contains("actor=aud-auditor") && l.contains("route=/windows ") && l.contains("status=403"));
    assertThat(audit).anyMatch(l -> l.contains("actor=ana-requester") && l.contains("/approve") && l.contains("status=403"));
    assertThat(audit).anyMatch(l -> l.contains("actor=ana-requester") && l.contains("route=/freeze"));
    assertThat(audit).anyMatch(l -> l.contains("actor=tess-lead") && l.contains("/abort"));
    assertThat(audit).noneMatch(l -> l.contains("dev-token"));

    // The secret: in no byte of any topic (internal, compacted and dead-letter topics included) ...
    byte[] secret = SharedChaosCluster.SECRET.getBytes(StandardCharsets.UTF_8);
    TopicScan scan = scanTopics(cluster.config(), secret);
    assertThat(scan.records).as("records scanned").isGreaterThan(100);
    assertThat(scan.topics).contains("windowops.step-results.v1", "windowops.executions.v1", "windowops.deliveries.v1", "__consumer_offsets");
    assertThat(scan.leaks).as("records holding the secret").isEmpty();
    assertThat(scan.redacted).as("the action printed the secret and the executor redacted it").isPositive();
    // ... and in no log line of any service instance.
    long lines = 0;
    for (ServiceProcess p : cluster.processes()) {
      try (Stream<String> log = Files.lines(p.log(), StandardCharsets.ISO_8859_1)) {
        List<String> all = log.toList();
        lines += all.size();
        assertThat(all).as("log of %s", p).noneMatch(l -> l.contains(SharedChaosCluster.SECRET));
      }
    }
    assertThat(lines).as("log lines scanned").isGreaterThan(100);
    System.out.printf("security scan: %d records in %d topics, %d log lines; secret found 0 times, redacted %d times%n",
        scan.records, scan.topics.size(), lines, scan.redacted);
  }

  /** Requests and approves the window; true if the API already refused the request with a 400. */
  private boolean refusedAtTheDoor(WindowRequests requests, String id, Instant start, JsonArray steps) throws Exception {
    try {
      requests.requestApproved(id, start, steps);
      return false;
    } catch (IllegalStateException e) {
      assertThat(e.getMessage()).as("only a 400 may refuse it").contains("refused: 400");
      return true;
    }
  }

  private record TopicScan(long records, Set<String> topics, List<String> leaks, long redacted) {}

  /** Reads every partition of every topic from the start to its end, as raw bytes. */
  private static TopicScan scanTopics(WindowOpsConfig config, byte[] secret) throws Exception {
    Set<String> topics;
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "security-scan"))) {
      topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    }
    Map<String, Object> settings = KafkaClientSettings.consumer(config, "unused-security-scan", "security-scan");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // aborted transactions too
    long records = 0;
    long redacted = 0;
    List<String> leaks = new ArrayList<>();
    byte[] marker = "[REDACTED]".getBytes(StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo p : consumer.partitionsFor(topic)) {
          partitions.add(new TopicPartition(topic, p.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          records++;
          boolean leak = contains(r.key(), secret) || contains(r.value(), secret);
          for (Header h : r.headers()) {
            leak |= contains(h.value(), secret) || h.key().contains(SharedChaosCluster.SECRET);
          }
          if (leak) {
            leaks.add(r.topic() + "-" + r.partition() + "@" + r.offset());
          }
          if (contains(r.value(), marker)) {
            redacted++;
          }
        }
      }
    }
    return new TopicScan(records, topics, leaks, redacted);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private HttpResponse<String> call(String base, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
        .header("content-type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
