package io.windowops.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.EventMetadata;
import io.windowops.events.FailureCause;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.RescheduleRequested;
import io.windowops.events.StepSpec;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.events.WindowStatus;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.testkit.TestConfig;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conflicting requests sent at the same moment, through the REST API of two scheduler instances
 * and the requests topic alike: whatever instance receives them and whichever owns the windows'
 * partitions, the admission owner of the environment decides them one after the other, so in
 * every trial exactly one window holds a slot (or exactly as many as the environment's limit),
 * and every other is REJECTED naming a window that holds it. One instance is stopped mid-storm.
 * {@code -Dwindowops.admission.trials=200} runs the full size (the default keeps CI short).
 */
@DisplayName("Admission under concurrency, on two scheduler instances")
class ConcurrentAdmissionIT {

  private static final int TRIALS = Integer.getInteger("windowops.admission.trials", 40);
  private static final String REQUESTER = "requester-dev-token";
  /** Each environment of the test policy allows this many windows at once. */
  private static final int LIMIT = 2;
  /**
   * Environments on admission partitions 0, 2 and 4 (murmur2 of the name): with two instances
   * (range assignment: 0–2 and 3–5) both decide some of them, and one instance's are taken over.
   */
  private static final List<String> ENVIRONMENTS = List.of("development", "dev-south", "dev-north");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService senders = Executors.newFixedThreadPool(24);
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  /** Far ahead and apart per run, so no other test's window shares a slot with these. */
  private final Instant base =
      Instant.now().plus(200 + Math.floorMod(run.hashCode(), 300), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

  /** Every request sent, to be sure each reached the API or the topic. */
  private final List<CompletableFuture<?>> sends = new ArrayList<>();

  /** One contest: windows sent together for one slot of an environment; {@code holders} of them may win. */
  private record Trial(String name, String environment, List<String> windows, int holders) {}

  @Test
  @DisplayName("in every trial of 2 or 5 conflicting requests exactly one holds the slot, the limit is never exceeded, and the losers name a holder")
  void exactlyOneHoldsEachSlot(@TempDir Path dir) throws Exception {
    Path policy = testPolicy(dir);
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    SchemaRegistryClient registry = null;
    try {
      SchedulerVerticle a = deploy(first, "a-" + run, policy);
      SchedulerVerticle b = deploy(second, "b-" + run, policy);
      WindowOpsConfig config = config("client-" + run, policy);
      registry = new SchemaRegistryClient(config.schemaRegistryUrl());
      try (KafkaProducer<String, RequestEnvelope> producer =
          new KafkaProducer<>(KafkaClientSettings.producer(config, "admission-test-" + run), new StringSerializer(), new AvroSerializer<>(registry))) {
        List<Trial> trials = new ArrayList<>();
        int slot = 0;
        List<SchedulerVerticle> both = List.of(a, b);
        for (int t = 0; t < TRIALS; t++) {
          String env = ENVIRONMENTS.get(t % ENVIRONMENTS.size());
          trials.add(storm(new Trial("pair-" + t, env, ids("pair-" + t, 2), 1), slot++, true, both, producer));
          trials.add(storm(new Trial("five-" + t, env, ids("five-" + t, 5), 1), slot++, true, both, producer));
          if (t % 4 == 0) {
            trials.add(storm(new Trial("limit-" + t, env, ids("limit-" + t, 5), LIMIT), slot++, false, both, producer));
          }
          if (t == TRIALS / 2) {
            sent();
            first.close().toCompletionStage().toCompletableFuture().get(); // one instance goes away mid-storm
            both = List.of(b);
          }
        }
        sent();
        List<String> all = trials.stream().flatMap(t -> t.windows().stream()).toList();
        await("every request decided").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
            .alias("undecided windows")
            .until(() -> all.stream().filter(id -> !decided(b, id)).toList(), List::isEmpty);

        for (Trial trial : trials) {
          List<WindowStateSnapshot> windows = trial.windows().stream().map(id -> b.readModel().window(id).orElseThrow()).toList();
          List<String> holders = windows.stream().filter(ConcurrentAdmissionIT::holds).map(WindowStateSnapshot::getWindowId).toList();
          assertThat(holders).as(trial.name() + ": " + describe(windows)).hasSize(trial.holders());
          for (WindowStateSnapshot w : windows) {
            if (!holders.contains(w.getWindowId())) {
              assertThat(w.getStatus()).as(w.getWindowId()).isEqualTo(WindowStatus.REJECTED);
              assertThat(w.getFailureCause()).as(w.getWindowId()).isEqualTo(FailureCause.POLICY_VIOLATION);
              assertThat(holders).as(w.getWindowId() + " names a holder in: " + w.getFailureDetail())
                  .anyMatch(h -> w.getFailureDetail().contains(h));
            }
          }
        }

        // Concurrent reschedules into one slot: two windows of one service, in two slots, move at once.
        String left = "MNT-ADM-" + run + "-race-0";
        String right = "MNT-ADM-" + run + "-race-1";
        String raced = "svc-" + run + "-race";
        send(producer, left, request("dev-north", raced, slotStart(slot++)));
        send(producer, right, request("dev-north", raced, slotStart(slot++)));
        await("both racers hold a slot").atMost(Duration.ofSeconds(60))
            .until(() -> decided(b, left) && decided(b, right));
        Instant target = slotStart(slot++);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<?>> moves = new ArrayList<>();
        for (String id : List.of(left, right)) {
          moves.add(CompletableFuture.runAsync(() -> {
            awaitQuietly(go);
            send(producer, id, RescheduleRequested.newBuilder().setRequestedStart(target).setRequestedEnd(target.plus(30, ChronoUnit.MINUTES))
                .setReason("race").build());
          }, senders));
        }
        go.countDown();
        CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).get();
        await("exactly one reschedule wins the slot").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(2))
            .until(() -> List.of(left, right).stream().filter(id -> target.equals(b.readModel().window(id).orElseThrow().getScheduledStart())).count() == 1);
        assertThat(List.of(left, right).stream().map(id -> b.readModel().window(id).orElseThrow()))
            .as("both still hold a slot").allMatch(ConcurrentAdmissionIT::holds);
        List<String> checked = new ArrayList<>(all);
        checked.addAll(List.of(left, right));
        assertNoOverlapOnAService(b, checked);
      }
    } finally {
      senders.shutdownNow();
      second.close().toCompletionStage().toCompletableFuture().get();
      first.close();
    }
  }

  /**
   * Sends a trial's requests at one instant: REST to either instance and the requests topic,
   * mixed. {@code oneService}: all on one service (a conflict), else each on its own (the limit).
   */
  private Trial storm(Trial trial, int slot, boolean oneService, List<SchedulerVerticle> schedulers,
      KafkaProducer<String, RequestEnvelope> producer) {
    Instant start = slotStart(slot);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < trial.windows().size(); i++) {
      String id = trial.windows().get(i);
      String service = oneService ? "svc-" + run + "-" + trial.name() : "svc-" + run + "-" + trial.name() + "-" + i;
      int route = i;
      sends.add(CompletableFuture.runAsync(() -> {
        awaitQuietly(go);
        if (route % 3 == 2) {
          send(producer, id, request(trial.environment(), service, start));
        } else {
          post(schedulers.get(route % schedulers.size()), body(id, trial.environment(), service, start));
        }
      }, senders));
    }
    go.countDown();
    return trial;
  }

  /** Waits until every request so far reached the API or the topic (a failed send fails the test). */
  private void sent() throws Exception {
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
  }

  private Instant slotStart(int slot) {
    return base.plus(slot * 3L, ChronoUnit.HOURS);
  }

  private List<String> ids(String trial, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("MNT-ADM-" + run + "-" + trial + "-" + i);
    }
    return ids;
  }

  private static boolean holds(WindowStateSnapshot w) {
    return w.getStatus() == WindowStatus.PENDING_APPROVAL || w.getStatus() == WindowStatus.SCHEDULED;
  }

  private static boolean decided(SchedulerVerticle scheduler, String id) {
    Optional<WindowStateSnapshot> w = scheduler.readModel().window(id);
    return w.isPresent() && w.get().getStatus() != WindowStatus.REQUESTED;
  }

  private static String describe(List<WindowStateSnapshot> windows) {
    return windows.stream().map(w -> w.getWindowId() + "=" + w.getStatus() + "(" + w.getFailureDetail() + ")").toList().toString();
  }

  /** No two windows holding slots share a service and overlap, across every trial. */
  private static void assertNoOverlapOnAService(SchedulerVerticle scheduler, List<String> ids) {
    List<WindowStateSnapshot> holding = ids.stream().map(id -> scheduler.readModel().window(id).orElseThrow()).filter(ConcurrentAdmissionIT::holds).toList();
    for (WindowStateSnapshot x : holding) {
      for (WindowStateSnapshot y : holding) {
        boolean shared = x != y && x.getRequest().getServices().stream().anyMatch(y.getRequest().getServices()::contains);
        boolean overlap = x.getScheduledStart().isBefore(y.getScheduledEnd()) && y.getScheduledStart().isBefore(x.getScheduledEnd());
        assertThat(shared && overlap).as(x.getWindowId() + " and " + y.getWindowId()).isFalse();
      }
    }
  }

  private void post(SchedulerVerticle scheduler, JsonObject body) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scheduler.httpPort() + "/windows"))
              .timeout(Duration.ofSeconds(30))
              .header("content-type", "application/json")
              .header("Authorization", "Bearer " + REQUESTER)
              .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isIn(201, 202, 422);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject body(String id, String environment, String service, Instant start) {
    return new JsonObject()
        .put("windowId", id)
        .put("title", "Contest a slot")
        .put("services", new JsonArray().add(service))
        .put("environment", environment)
        .put("maintenanceType", "ZERO_DOWNTIME")
        .put("requestedStart", start.toString())
        .put("requestedEnd", start.plus(30, ChronoUnit.MINUTES).toString())
        .put("steps", new JsonArray().add(new JsonObject().put("stepId", "clean").put("action", "cache-cleanup").put("timeoutSeconds", 300)));
  }

  private static MaintenanceRequested request(String environment, String service, Instant start) {
    return MaintenanceRequested.newBuilder()
        .setTitle("Contest a slot")
        .setServices(List.of(service))
        .setEnvironment(environment)
        .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
        .setRequestedStart(start)
        .setRequestedEnd(start.plus(30, ChronoUnit.MINUTES))
        .setSteps(List.of(StepSpec.newBuilder().setStepId("clean").setAction("cache-cleanup").setTimeoutSeconds(300).build()))
        .setRequester("ana-requester")
        .build();
  }

  private static void send(KafkaProducer<String, RequestEnvelope> producer, String id, Object payload) {
    EventMetadata meta = EventMetadata.newBuilder().setEventId(UUID.randomUUID().toString()).setWindowId(id)
        .setOccurredAt(Instant.now()).setActor("deploy-pipeline").build();
    try {
      producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), id, new RequestEnvelope(meta, payload))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitQuietly(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The example policy, with two more environments like development, each limited to {@value #LIMIT} windows at once. */
  private static Path testPolicy(Path dir) throws Exception {
    String example = Files.readString(Path.of("..", "examples", "policies.yaml"));
    String marker = "  development:\n    zone: UTC\n";
    assertThat(example).contains(marker);
    StringBuilder environments = new StringBuilder();
    for (String env : ENVIRONMENTS.subList(1, ENVIRONMENTS.size())) {
      environments.append("  ").append(env).append(":\n    zone: UTC\n    anyTime: true\n    maxConcurrentWindows: ").append(LIMIT).append("\n");
    }
    Path policy = dir.resolve("policies.yaml");
    Files.writeString(policy, example.replace(marker, environments + marker + "    maxConcurrentWindows: " + LIMIT + "\n"));
    return policy;
  }

  private static SchedulerVerticle deploy(Vertx vertx, String instance, Path policy) throws Exception {
    SchedulerVerticle scheduler = new SchedulerVerticle(config(instance, policy));
    vertx.deployVerticle(scheduler).toCompletionStage().toCompletableFuture().get();
    scheduler.awaitReady(Duration.ofSeconds(90));
    return scheduler;
  }

  private static WindowOpsConfig config(String instance, Path policy) {
    Map<String, String> settings = TestConfig.service(instance);
    settings.put(SchedulerVerticle.POLICY_FILE, policy.toString());
    settings.put(SchedulerVerticle.API_TOKENS_FILE, "../examples/api-tokens.yaml");
    return WindowOpsConfig.of(settings);
  }
}
