package io.windowops.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.executor.ExecutorVerticle;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import io.windowops.platform.metrics.Meters;
import io.windowops.platform.registry.SchemaRegistryOptions;
import io.windowops.platform.registry.SchemaRegistryServer;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.scheduler.SchedulerVerticle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark measures, in one JVM as {@code windowops up} runs it: the embedded KRaft
 * broker, the schema registry, and the two services on a step's path, the scheduler and the
 * executor, with the bench policy and catalog (bench resources). The scheduler can be replaced by
 * a fresh instance, which then takes over every window.
 */
final class BenchSystem implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String LOOPBACK = "127.0.0.1";

  private final EmbeddedKafkaBroker broker;
  private final Vertx vertx;
  private final WindowOpsConfig config;
  private String schedulerDeployment;
  private SchedulerVerticle scheduler;

  private BenchSystem(EmbeddedKafkaBroker broker, Vertx vertx, WindowOpsConfig config) {
    this.broker = broker;
    this.vertx = vertx;
    this.config = config;
  }

  static BenchSystem start(Path home) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(SchedulerVerticle.POLICY_FILE, resource(home, "policy.yaml").toString());
    settings.put(SchedulerVerticle.API_TOKENS_FILE, resource(home, "api-tokens.yaml").toString());
    settings.put(ExecutorVerticle.CATALOG, resource(home, "catalog.yaml").toString());
    settings.put(WindowOpsConfig.HTTP_HOST, LOOPBACK);
    settings.put(WindowOpsConfig.HTTP_PORT, "0");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), 0);
    Vertx vertx = Meters.newVertx();
    try {
      SchemaRegistryServer registry =
          new SchemaRegistryServer(
              SchemaRegistryOptions.forBroker(broker.bootstrapServers()).withHost(LOOPBACK).withPort(0));
      await(vertx.deployVerticle(registry));
      settings.put(WindowOpsConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
      settings.put(WindowOpsConfig.SCHEMA_REGISTRY_URL, registry.url());
      BenchSystem system = new BenchSystem(broker, vertx, WindowOpsConfig.of(settings));
      system.startScheduler("bench-scheduler-1");
      system.deploy(new ExecutorVerticle(system.config.with(WindowOpsConfig.INSTANCE_ID, "bench-executor")));
      return system;
    } catch (Exception e) {
      vertx.close();
      broker.close();
      throw e;
    }
  }

  WindowOpsConfig config() {
    return config;
  }

  /** Deploys a scheduler instance and returns once it is ready (its saga loop may still be restoring). */
  SchedulerVerticle startScheduler(String instanceId) throws Exception {
    SchedulerVerticle next = new SchedulerVerticle(config.with(WindowOpsConfig.INSTANCE_ID, instanceId));
    schedulerDeployment = deploy(next);
    scheduler = next;
    return next;
  }

  /** Undeploys the running scheduler: its consumer commits and leaves the group. */
  void stopScheduler() throws Exception {
    await(vertx.undeploy(schedulerDeployment));
    scheduler = null;
  }

  SchedulerVerticle scheduler() {
    return scheduler;
  }

  private String deploy(WindowOpsService service) throws Exception {
    String id = await(vertx.deployVerticle(service));
    service.awaitReady(READY_TIMEOUT);
    return id;
  }

  private static Path resource(Path home, String name) throws IOException {
    Path target = home.resolve(name);
    try (InputStream in = BenchSystem.class.getResourceAsStream("/bench/" + name)) {
      if (in == null) {
        throw new IOException("bench resource " + name + " is missing from the jar");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    try {
      await(vertx.close());
    } catch (Exception e) {
      System.err.println("Services did not stop cleanly: " + e);
    }
    broker.close();
  }
}
