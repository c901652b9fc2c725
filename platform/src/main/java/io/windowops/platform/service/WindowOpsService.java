package io.windowops.platform.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.http.ServiceHttpServer;
import io.windowops.platform.kafka.AssignmentGate;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.kafka.DeadLetterPublisher;
import io.windowops.platform.kafka.InputConsumer;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.RecordHandler;
import io.windowops.platform.kafka.Supervision;
import io.windowops.platform.kafka.TopicBootstrap;
import io.windowops.platform.metrics.Meters;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every WindowOps service does around its own logic: serve health and metrics at once,
 * then (retrying until the broker and registry answer) create the topics, register the schemas
 * and start consuming its inputs. Readiness turns true only after that. Stopping is graceful:
 * consumers finish the record in hand and commit before the clients close.
 */
public abstract class WindowOpsService extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WindowOpsService.class);
  private static final Duration BOOTSTRAP_RETRY = Duration.ofSeconds(1);
  /** Each dependency probe gives up before the health check's own timeout, so a down
   *  dependency reads as DOWN (503), never as a timed-out check (500). */
  private static final long CHECK_TIMEOUT_MS = 3_000;
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(2_000);

  /**
   * One input topic, what to do with each of its records, and what must hold before records of a
   * newly assigned partition are handled.
   */
  public record Input<V extends SpecificRecord>(Topic<V> topic, RecordHandler<V> handler, AssignmentGate gate) {
    public Input(Topic<V> topic, RecordHandler<V> handler) {
      this(topic, handler, AssignmentGate.OPEN);
    }
  }

  protected final WindowOpsConfig config;
  protected final PrometheusMeterRegistry meters = Meters.registry();
  private final String name;
  private static final Duration CONSUMERS_READY_WAIT = Duration.ofSeconds(60);
  private final Promise<Void> ready = Promise.promise();
  private final List<InputConsumer<?>> consumers = new CopyOnWriteArrayList<>();
  private final List<KafkaProducer<?, ?>> producers = new ArrayList<>();
  private ServiceHttpServer http;
  private Admin admin;
  private SchemaRegistryClient registry;
  private SchemaRegistryClient registryProbe;
  private DeadLetterPublisher deadLetters;
  private volatile boolean stopping;
  private volatile boolean inputsRunning;

  protected WindowOpsService(String name, WindowOpsConfig config) {
    this.name = name;
    this.config = config;
  }

  /** The service's name: {@code scheduler}, {@code executor}, ... */
  public String name() {
    return name;
  }

  /** The topics this service consumes, each with its handler. */
  protected abstract List<Input<?>> inputs();

  /**
   * Starts processing beyond the declared inputs (the scheduler's transactional loop, ledgers),
   * once topics and schemas exist; readiness waits for it.
   */
  protected Future<Void> startProcessing() {
    return Future.succeededFuture();
  }

  /** Stops what {@link #startProcessing} started; runs off the event loop, before clients close. */
  protected void stopProcessing() {}

  /**
   * Consumer loops the service runs besides its inputs (the scheduler's read model and saga
   * loop); the health endpoints report them with the inputs. Asked at every check.
   */
  protected List<ConsumerHealth> otherConsumers() {
    return List.of();
  }

  /** Adds the service's own HTTP routes; health and metrics are already there. */
  protected void addRoutes(Router router) {}

  /** Completes when topics exist, schemas are registered and the inputs are consumed. */
  public Future<Void> ready() {
    return ready.future();
  }

  /** The bound HTTP port (useful when configured as 0). */
  public int httpPort() {
    return http.port();
  }

  protected String meterPrefix() {
    return "windowops." + name;
  }

  protected SchemaRegistryClient registry() {
    return registry;
  }

  /**
   * An idempotent, {@code acks=all} producer of Avro values in the Confluent wire format, closed
   * when the service stops. {@code purpose} names it in the client id (e.g. {@code outcomes}).
   */
  protected <V extends SpecificRecord> KafkaProducer<String, V> newProducer(String purpose) {
    KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, name + "-" + config.instanceId() + "-" + purpose),
            new StringSerializer(),
            new AvroSerializer<V>(registry));
    synchronized (producers) {
      producers.add(producer);
    }
    return producer;
  }

  @Override
  public Future<?> start() {
    String clientId = name + "-" + config.instanceId();
    admin = Admin.create(KafkaClientSettings.admin(config, clientId + "-admin"));
    registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    registryProbe =
        SchemaRegistryClient.builder(config.schemaRegistryUrl())
            .connectTimeout(PROBE_TIMEOUT)
            .requestTimeout(PROBE_TIMEOUT)
            .build();
    deadLetters = new DeadLetterPublisher(config, registry, clientId + "-dlq");
    http = new ServiceHttpServer(vertx, meters);
    registerReadinessChecks();
    addRoutes(http.router());
    return http
        .listen(config.httpHost(), config.httpPort())
        .onSuccess(
            port -> {
              LOG.info("{} serves HTTP on port {}", name, port);
              bootstrapUntilDone();
            });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    return vertx
        .executeBlocking(
            () -> {
              consumers.forEach(InputConsumer::stop);
              stopProcessing();
              synchronized (producers) {
                producers.forEach(p -> p.close(Duration.ofSeconds(5)));
              }
              deadLetters.close();
              admin.close(Duration.ofSeconds(5));
              return null;
            },
            false)
        .compose(ignored -> http.close())
        .onComplete(ignored -> LOG.info("{} stopped", name));
  }

  private void bootstrapUntilDone() {
    vertx
        .executeBlocking(
            () -> {
              List<Topic<?>> topics = Topics.withDlqs();
              TopicBootstrap.ensureTopics(admin, topics);
              TopicBootstrap.registerSchemas(registry, topics);
              return null;
            },
            false)
        .compose(ignored -> startInputs())
        .compose(ignored -> startProcessing())
        .onSuccess(
            ignored -> {
              inputsRunning = true;
              completeWhenConsumersReady(System.nanoTime() + CONSUMERS_READY_WAIT.toNanos());
            })
        .onFailure(
            e -> {
              if (stopping) {
                ready.tryFail(e);
                return;
              }
              LOG.warn("{} cannot start its inputs yet ({}); retrying", name, e.toString());
              vertx.setTimer(BOOTSTRAP_RETRY.toMillis(), t -> bootstrapUntilDone());
            });
  }

  private Future<Void> startInputs() {
    if (stopping) {
      return Future.failedFuture(new IllegalStateException(name + " is stopping"));
    }
    if (!consumers.isEmpty()) {
      return Future.succeededFuture();
    }
    for (Input<?> input : inputs()) {
      consumers.add(newConsumer(input));
    }
    return Future.all(consumers.stream().map(InputConsumer::start).toList()).mapEmpty();
  }

  private <V extends SpecificRecord> InputConsumer<V> newConsumer(Input<V> input) {
    String group = "windowops-" + name;
    InputConsumer.Settings settings =
        new InputConsumer.Settings(
            input.topic().name(),
            KafkaClientSettings.consumer(
                config, group, name + "-" + config.instanceId() + "-" + input.topic().name()),
            config.handlerTimeout(),
            config.handlerAttempts(),
            meterPrefix(),
            Supervision.from(config));
    return new InputConsumer<>(
        settings,
        new AvroDeserializer<>(registry, input.topic().valueClass()),
        input.handler(),
        input.gate(),
        deadLetters,
        context,
        meters);
  }

  private void registerReadinessChecks() {
    Set<String> expectedTopics =
        Topics.withDlqs().stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());
    http.readiness()
        .register(
            "kafka",
            CHECK_TIMEOUT_MS,
            promise ->
                Future.fromCompletionStage(
                        admin
                            .describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                            .nodes()
                            .toCompletionStage())
                    .onSuccess(nodes -> promise.complete(nodes.isEmpty() ? Status.KO() : Status.OK()))
                    .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.toString())))))
        .register(
            "schema-registry",
            CHECK_TIMEOUT_MS,
            promise ->
                vertx
                    .executeBlocking(() -> registryProbe.subjects(), false)
                    .onSuccess(subjects -> promise.complete(Status.OK()))
                    .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", e.getMessage())))))
        .register(
            "topics",
            CHECK_TIMEOUT_MS,
            promise ->
                Future.fromCompletionStage(
                        admin
                            .listTopics(new ListTopicsOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                            .names()
                            .toCompletionStage())
                    .onSuccess(
                        names -> {
                          List<String> missing =
                              expectedTopics.stream().filter(t -> !names.contains(t)).sorted().toList();
                          promise.complete(
                              missing.isEmpty()
                                  ? Status.OK()
                                  : Status.KO(new JsonObject().put("missing", missing)));
                        })
                    .onFailure(e -> promise.complete(Status.KO())))
        .register(
            "inputs",
            promise -> promise.complete(inputsRunning ? Status.OK() : Status.KO()));
    ConsumerChecks.register(http, this::consumerHealth, Supervision.from(config).stallLimit());
  }

  /**
   * "Ready" (what launchers print and tests wait for) means what {@code /health/ready} says: every
   * consumer has its partitions. After {@link #CONSUMERS_READY_WAIT} the service says it is ready
   * anyway, and its readiness endpoint keeps telling which consumer is not.
   */
  private void completeWhenConsumersReady(long deadline) {
    Duration stallLimit = Supervision.from(config).stallLimit();
    boolean all = consumerHealth().stream().allMatch(c -> c.report(stallLimit).ready());
    if (all || System.nanoTime() > deadline || stopping) {
      if (!all) {
        LOG.warn("{}: not every consumer has its partitions after {} s; see /health/ready", name, CONSUMERS_READY_WAIT.toSeconds());
      }
      LOG.info("{} is ready", name);
      ready.tryComplete();
    } else {
      vertx.setTimer(50, t -> completeWhenConsumersReady(deadline));
    }
  }

  private List<ConsumerHealth> consumerHealth() {
    List<ConsumerHealth> all = new ArrayList<>();
    consumers.forEach(c -> all.add(c.health()));
    all.addAll(otherConsumers());
    return all;
  }

  /** Waits (off the event loop) for this service to be ready; used by launchers and tests. */
  public void awaitReady(Duration timeout) throws Exception {
    ready.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
