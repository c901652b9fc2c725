package io.windowops.local;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.executor.ExecutorVerticle;
import io.windowops.notifier.NotifierVerticle;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import io.windowops.platform.metrics.Meters;
import io.windowops.platform.registry.SchemaRegistryOptions;
import io.windowops.platform.registry.SchemaRegistryServer;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.scheduler.SchedulerVerticle;
import io.windowops.validator.ValidatorVerticle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything in one JVM for a laptop or a demo: a real Kafka broker (KRaft) and the schema
 * registry with their state under one directory, and the four services deployed on one Vert.x
 * instance. Started again on the same directory, it finds its topics, schemas and offsets.
 */
public final class LocalMode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalMode.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final String LOOPBACK = "127.0.0.1";

  /** Where each part listens; 0 picks a free port. */
  public record Ports(int kafka, int registry, int scheduler, int executor, int validator, int notifier) {
    /** The documented layout: scheduler at base, registry base+1, executor +2, validator +3, notifier +4. */
    public static Ports from(int kafkaPort, int basePort) {
      if (basePort == 0) {
        return new Ports(kafkaPort, 0, 0, 0, 0, 0);
      }
      return new Ports(kafkaPort, basePort + 1, basePort, basePort + 2, basePort + 3, basePort + 4);
    }
  }

  /** A named part of the running system and where to reach it. */
  public record Endpoint(String name, String address) {}

  private final EmbeddedKafkaBroker broker;
  private final Vertx vertx;
  private final SchemaRegistryServer registry;
  private final List<WindowOpsService> services;

  private LocalMode(
      EmbeddedKafkaBroker broker,
      Vertx vertx,
      SchemaRegistryServer registry,
      List<WindowOpsService> services) {
    this.broker = broker;
    this.vertx = vertx;
    this.registry = registry;
    this.services = services;
  }

  /** Starts every part and returns once all four services report ready. */
  public static LocalMode start(Path home, Ports ports, WindowOpsConfig base) throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(home.resolve("kafka"), ports.kafka());
    Vertx vertx = Meters.newVertx();
    SchemaRegistryServer registry = null;
    List<WindowOpsService> services = new ArrayList<>();
    try {
      registry =
          new SchemaRegistryServer(
              SchemaRegistryOptions.forBroker(broker.bootstrapServers())
                  .withHost(LOOPBACK)
                  .withPort(ports.registry()));
      await(vertx.deployVerticle(registry));
      WindowOpsConfig config =
          base.with(WindowOpsConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers())
              .with(WindowOpsConfig.SCHEMA_REGISTRY_URL, registry.url())
              .with(WindowOpsConfig.HTTP_HOST, LOOPBACK);
      WindowOpsService scheduler = deploy(vertx, SchedulerVerticle::new, config, ports.scheduler());
      services.add(scheduler);
      services.add(deploy(vertx, ExecutorVerticle::new, config, ports.executor()));
      services.add(deploy(vertx, ValidatorVerticle::new, config, ports.validator()));
      // Completion notices link the review on this scheduler, wherever its port landed.
      String schedulerUrl = "http://" + LOOPBACK + ":" + scheduler.httpPort();
      services.add(deploy(vertx, NotifierVerticle::new, config.with(NotifierVerticle.SCHEDULER_URL, schedulerUrl), ports.notifier()));
      for (WindowOpsService service : services) {
        service.awaitReady(READY_TIMEOUT);
      }
      return new LocalMode(broker, vertx, registry, services);
    } catch (Exception e) {
      new LocalMode(broker, vertx, registry, services).close();
      throw e;
    }
  }

  /** The broker, the registry and each service, in that order. */
  public List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("kafka", broker.bootstrapServers()));
    endpoints.add(new Endpoint("schema-registry", registry.url()));
    for (WindowOpsService service : services) {
      endpoints.add(new Endpoint(service.name(), "http://" + LOOPBACK + ":" + service.httpPort()));
    }
    return endpoints;
  }

  /**
   * Services and the registry first (consumers commit what they finished; closing Vert.x
   * undeploys every verticle), then the broker.
   */
  @Override
  public void close() {
    try {
      await(vertx.close());
    } catch (Exception e) {
      LOG.warn("Services did not stop cleanly: {}", e.toString());
    }
    broker.close();
  }

  private static WindowOpsService deploy(
      Vertx vertx, Function<WindowOpsConfig, WindowOpsService> factory, WindowOpsConfig config, int port)
      throws Exception {
    WindowOpsService service = factory.apply(config.with(WindowOpsConfig.HTTP_PORT, Integer.toString(port)));
    await(vertx.deployVerticle(service));
    return service;
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
