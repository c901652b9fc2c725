package io.windowops.scheduler.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ReservationEntry;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.kafka.DeadLetterPublisher;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.Supervision;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.saga.Decider;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles and supervises the scheduler's moving parts: the read model of all windows, the
 * transactional saga loop with its timers, and the transactional admission loop that owns the
 * reservation tables of its environments. If a loop fails (a fenced producer, a broker error
 * mid-transaction), it is rebuilt with fresh clients after a pause; its partitions are restored
 * from their changelog, so nothing is lost and nothing is applied twice.
 */
public final class SchedulerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerRuntime.class);
  private static final String GROUP = "windowops-scheduler";
  private static final String ADMISSION_GROUP = "windowops-scheduler-admission";
  private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
  private static final String METER_PREFIX = "windowops.scheduler";

  private final WindowOpsConfig config;
  private final SchemaRegistryClient registry;
  private final Decider saga;
  private final Clock clock;
  private final MeterRegistry meters;
  private final String clientId;
  private final WindowReadModel readModel;
  private final Producer<String, RequestEnvelope> requests;
  private final DeadLetterPublisher deadLetters;
  private final Admission admission;
  private final ConsumerHealth sagaHealth;
  private final ConsumerHealth admissionHealth;
  private volatile SagaLoop loop;
  private volatile AdmissionLoop admissionLoop;
  private volatile boolean closed;
  private Thread supervisor;
  private Thread admissionSupervisor;

  public SchedulerRuntime(
      WindowOpsConfig config,
      SchemaRegistryClient registry,
      Decider saga,
      Admission admission,
      Clock clock,
      MeterRegistry meters) {
    this.config = config;
    this.admission = admission;
    this.registry = registry;
    this.saga = saga;
    this.clock = clock;
    this.meters = meters;
    this.clientId = "scheduler-" + config.instanceId();
    this.readModel =
        new WindowReadModel(
            () -> new KafkaConsumer<>(
                KafkaClientSettings.consumer(config, null, clientId + "-read-model"),
                new StringDeserializer(),
                new ByTopicDeserializer(
                    Map.of(
                        Topics.WINDOW_STATE.name(), new AvroDeserializer<>(registry, WindowStateSnapshot.class),
                        Topics.WINDOWS.name(), new AvroDeserializer<>(registry, WindowEventEnvelope.class),
                        Topics.STEP_RESULTS.name(), new AvroDeserializer<>(registry, StepResultEnvelope.class),
                        Topics.VALIDATION_RESULTS.name(), new AvroDeserializer<>(registry, ValidationResultEnvelope.class),
                        Topics.NOTIFICATIONS.name(), new AvroDeserializer<>(registry, NotificationEnvelope.class)))),
            ConsumerHealth.register("read-model", METER_PREFIX, meters, Clock.systemUTC()),
            Supervision.from(config).newBackoff());
    this.sagaHealth = ConsumerHealth.probing("saga", METER_PREFIX, meters, () -> loop != null && loop.assigned());
    // Registered once here: a restarted loop is a new object, and a gauge keeps its first target.
    Gauge.builder("windowops.scheduler.admission.reservations", () -> {
          AdmissionLoop current = admissionLoop;
          return current == null ? 0 : current.reservations();
        })
        .description("Live slot claims in the admission tables this instance owns")
        .register(meters);
    this.admissionHealth =
        ConsumerHealth.probing("admission", METER_PREFIX, meters, () -> admissionLoop != null && admissionLoop.assigned());
    this.requests = producer(KafkaClientSettings.producer(config, clientId + "-requests"));
    this.deadLetters = new DeadLetterPublisher(config, registry, clientId + "-dlq");
  }

  /**
   * Starts the admission and saga loops, which decide from state they own (restored from their
   * changelogs), and the read model the API answers from; blocks until the read model caught up.
   */
  public void start() throws InterruptedException {
    readModel.start();
    admissionSupervisor =
        supervised("scheduler-admission", admissionHealth, this::newAdmissionLoop, l -> admissionLoop = l, AdmissionLoop::run);
    supervisor = supervised("scheduler-saga", sagaHealth, this::newLoop, l -> loop = l, SagaLoop::run);
    if (!readModel.awaitCaughtUp(Duration.ofSeconds(60))) {
      LOG.warn("The API's window read model has not caught up after 60 s; it answers from what it has read");
    }
  }

  public WindowReadModel readModel() {
    return readModel;
  }

  /** Writes a request (REST API, timers) to the requests topic; completes when acknowledged. */
  public Producer<String, RequestEnvelope> requests() {
    return requests;
  }

  /** The read model's, the saga loop's and the admission loop's health, for the health endpoints. */
  public List<ConsumerHealth> consumers() {
    return List.of(readModel.health(), sagaHealth, admissionHealth);
  }

  /** Runs a loop on a thread of its own, rebuilt with fresh clients whenever it fails. */
  private <L> Thread supervised(String name, ConsumerHealth health, Supplier<L> factory,
      java.util.function.Consumer<L> current, java.util.function.Consumer<L> run) {
    Thread thread = new Thread(() -> {
      while (!closed) {
        L fresh = factory.get();
        current.accept(fresh);
        health.starting(Thread.currentThread());
        run.accept(fresh);
        if (!closed) {
          health.restarting(new IllegalStateException(name + " stopped"));
          LOG.warn("Restarting {} in {} ms", name, RESTART_PAUSE.toMillis());
          try {
            Thread.sleep(RESTART_PAUSE.toMillis());
          } catch (InterruptedException e) {
            break;
          }
        }
      }
      health.stopped();
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private AdmissionLoop newAdmissionLoop() {
    Map<String, Object> consumerSettings = KafkaClientSettings.consumer(config, ADMISSION_GROUP, clientId + "-admission");
    consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    StateRestorer<ReservationEntry> restorer = restorer(Topics.RESERVATIONS, clientId + "-admission-restore");
    Producer<String, SpecificRecord> transactional =
        producer(KafkaClientSettings.transactionalProducer(config, clientId + "-admission", "windowops-" + clientId + "-admission"));
    return new AdmissionLoop(
        new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer()),
        transactional,
        restorer,
        new AvroDeserializer<>(registry, AdmissionCommandEnvelope.class),
        admission,
        clock,
        deadLetters,
        ADMISSION_GROUP,
        meters);
  }

  private SagaLoop newLoop() {
    Map<String, Object> consumerSettings = KafkaClientSettings.consumer(config, GROUP, clientId + "-saga");
    // Co-partitioning: the same partition number of every input goes to the same instance.
    consumerSettings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
    consumerSettings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    Map<String, Deserializer<? extends SpecificRecord>> deserializers =
        Map.of(
            Topics.REQUESTS.name(), new AvroDeserializer<>(registry, RequestEnvelope.class),
            Topics.STEP_RESULTS.name(), new AvroDeserializer<>(registry, StepResultEnvelope.class),
            Topics.VALIDATION_RESULTS.name(), new AvroDeserializer<>(registry, ValidationResultEnvelope.class),
            Topics.NOTIFICATIONS.name(), new AvroDeserializer<>(registry, NotificationEnvelope.class));
    StateRestorer<WindowStateSnapshot> restorer = restorer(Topics.WINDOW_STATE, clientId + "-restore");
    // One transactional id per instance: a restarted instance fences its own zombie.
    Producer<String, SpecificRecord> transactional =
        producer(KafkaClientSettings.transactionalProducer(config, clientId + "-saga", "windowops-" + clientId));
    return new SagaLoop(
        new KafkaConsumer<>(consumerSettings, new StringDeserializer(), new ByteArrayDeserializer()),
        transactional,
        restorer,
        deserializers,
        saga,
        clock,
        new TimerService(requests, clock, meters),
        deadLetters,
        GROUP,
        meters);
  }

  /** Reads a compacted changelog's partitions back (no group), decoding its values. */
  private <V extends SpecificRecord> StateRestorer<V> restorer(Topic<V> changelog, String client) {
    return new StateRestorer<>(
        new KafkaConsumer<>(
            KafkaClientSettings.consumer(config, null, client),
            new StringDeserializer(),
            new AvroDeserializer<>(registry, changelog.valueClass())),
        changelog.name());
  }

  private <V extends SpecificRecord> Producer<String, V> producer(Map<String, Object> settings) {
    return new KafkaProducer<>(settings, new StringSerializer(), new AvroSerializer<V>(registry));
  }

  @Override
  public void close() {
    closed = true;
    SagaLoop current = loop;
    if (current != null) {
      current.stop();
    }
    AdmissionLoop admitting = admissionLoop;
    if (admitting != null) {
      admitting.stop();
    }
    if (supervisor != null) {
      supervisor.interrupt();
    }
    if (admissionSupervisor != null) {
      admissionSupervisor.interrupt();
    }
    readModel.close();
    requests.close(Duration.ofSeconds(5));
    deadLetters.close();
  }
}
