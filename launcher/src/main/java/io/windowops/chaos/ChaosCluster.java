package io.windowops.chaos;

import io.vertx.core.Vertx;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import io.windowops.platform.registry.SchemaRegistryOptions;
import io.windowops.platform.registry.SchemaRegistryServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the chaos driver runs against: a real Kafka broker and the schema registry in the driver's
 * JVM, and two instances of each of the four services, each in its own JVM, sharing the work by
 * consumer group. The broker can be stopped and started again on the same data and port.
 */
final class ChaosCluster implements AutoCloseable {

  static final List<String> SERVICES = List.of("scheduler", "executor", "validator", "notifier");
  private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);
  private static final Duration READY = Duration.ofMinutes(4);

  private final Path home;
  private final int kafkaPort;
  private volatile EmbeddedKafkaBroker broker;
  private final Vertx vertx;
  private final SchemaRegistryServer registry;
  private final NoticeReceiver receiver;
  private final ChaosFixture fixture;
  private final List<ServiceProcess> processes = new ArrayList<>();

  private ChaosCluster(
      Path home, int kafkaPort, EmbeddedKafkaBroker broker, Vertx vertx, SchemaRegistryServer registry, NoticeReceiver receiver, ChaosFixture fixture) {
    this.home = home;
    this.kafkaPort = kafkaPort;
    this.broker = broker;
    this.vertx = vertx;
    this.registry = registry;
    this.receiver = receiver;
    this.fixture = fixture;
  }

  /** Starts everything under {@code home} and returns when all eight instances are ready. */
  static ChaosCluster start(Path home, Path examples, String secret) throws Exception {
    int kafkaPort = freePort();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), kafkaPort);
    Vertx vertx = Vertx.vertx();
    NoticeReceiver receiver = NoticeReceiver.start(secret);
    SchemaRegistryServer registry =
        new SchemaRegistryServer(SchemaRegistryOptions.forBroker(broker.bootstrapServers()).withHost("127.0.0.1").withPort(0));
    ChaosCluster cluster =
        new ChaosCluster(home, kafkaPort, broker, vertx, registry, receiver, ChaosFixture.write(home.resolve("fixture"), secret, receiver.port()));
    try {
      vertx.deployVerticle(registry).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
      Map<String, String> env = new java.util.HashMap<>(cluster.fixture.environment(examples));
      env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      env.put("SCHEMA_REGISTRY_URL", registry.url());
      // A killed instance's partitions move once its consumer session expires: 10 s, not 45 s.
      env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
      env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "2000");
      Path logs = Files.createDirectories(home.resolve("logs"));
      for (String service : SERVICES) {
        for (int i = 1; i <= 2; i++) {
          String id = "chaos-" + service + "-" + i;
          cluster.processes.add(new ServiceProcess(service, id, freePort(), env, logs.resolve(id + ".log")));
        }
      }
      // Never leave a service JVM behind, even when the driver is stopped with Ctrl-C.
      Thread reaper = new Thread(() -> cluster.processes.forEach(ServiceProcess::destroy), "chaos-reaper");
      Runtime.getRuntime().addShutdownHook(reaper);
      for (ServiceProcess p : cluster.processes) {
        p.start();
      }
      for (ServiceProcess p : cluster.processes) {
        p.awaitReady(READY);
      }
      LOG.info("Chaos cluster ready: {}", cluster.processes);
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  List<ServiceProcess> processes() {
    return processes;
  }

  /** The scheduler instances' API addresses. */
  List<String> schedulers() {
    return processes.stream().filter(p -> p.service().equals("scheduler")).map(ServiceProcess::url).toList();
  }

  ChaosFixture fixture() {
    return fixture;
  }

  NoticeReceiver receiver() {
    return receiver;
  }

  Path home() {
    return home;
  }

  /** Client settings for the driver's own readers. */
  WindowOpsConfig config() {
    return WindowOpsConfig.of(
        Map.of(
            WindowOpsConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers(),
            WindowOpsConfig.SCHEMA_REGISTRY_URL, registry.url(),
            WindowOpsConfig.INSTANCE_ID, "chaos-driver"));
  }

  /** Stops the broker (a clean stop of the process's broker) and starts it again on the same data and port. */
  void restartBroker(Duration down) throws InterruptedException {
    LOG.info("Chaos: stopping the Kafka broker for {}", down);
    broker.close();
    Thread.sleep(down.toMillis());
    broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), kafkaPort);
    LOG.info("Chaos: Kafka broker back at {}", broker.bootstrapServers());
  }

  @Override
  public void close() {
    for (ServiceProcess p : processes) {
      p.destroy();
      try {
        p.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    receiver.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("The registry did not stop cleanly: {}", e.toString());
    }
    broker.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
