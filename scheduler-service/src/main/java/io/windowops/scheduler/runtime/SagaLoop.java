package io.windowops.scheduler.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.ReserveSlot;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.platform.kafka.DeadLetterPublisher;
import io.windowops.platform.kafka.MisplacedRecordException;
import io.windowops.platform.kafka.PartitionCheck;
import io.windowops.scheduler.saga.Decider;
import io.windowops.scheduler.saga.Decision;
import io.windowops.scheduler.saga.SagaInput;
import io.windowops.schemas.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The scheduler's saga loop ({@link TransactionalLoop}): for each polled batch it feeds every
 * input to the saga and writes the decided events, commands (steps, validations, slot claims)
 * and new state snapshots together with the consumed offsets in ONE Kafka transaction, so a crash
 * anywhere leaves either all of a batch's effects or none, and the batch is processed again.
 *
 * <p>The four input topics and the state topic are co-partitioned and assigned with the range
 * assignor, so owning partition p of the inputs means owning the windows in partition p of the
 * state topic: they are restored before the first input of p is processed, and their timers are
 * armed (past deadlines fire at once).
 */
final class SagaLoop extends TransactionalLoop {

  private static final Logger LOG = LoggerFactory.getLogger(SagaLoop.class);
  private final StateRestorer<WindowStateSnapshot> restorer;
  private final Map<String, Deserializer<? extends SpecificRecord>> deserializers;
  private final Decider saga;
  private final Clock clock;
  private final TimerService timers;
  private final DeadLetterPublisher deadLetters;
  private final String group;
  private final WindowStore store = new WindowStore();
  private final Map<String, Integer> partitionCounts = new HashMap<>();
  private final Counter inputs;
  private final Counter transactions;
  private final Timer restoreTime;
  /** States decided in the open transaction: their timers are armed once it commits. */
  private final List<WindowStateSnapshot> changed = new ArrayList<>();

  SagaLoop(
      Consumer<String, byte[]> consumer,
      Producer<String, SpecificRecord> producer,
      StateRestorer<WindowStateSnapshot> restorer,
      Map<String, Deserializer<? extends SpecificRecord>> deserializers,
      Decider saga,
      Clock clock,
      TimerService timers,
      DeadLetterPublisher deadLetters,
      String group,
      MeterRegistry meters) {
    super("saga", consumer, producer);
    this.restorer = restorer;
    this.deserializers = deserializers;
    this.saga = saga;
    this.clock = clock;
    this.timers = timers;
    this.deadLetters = deadLetters;
    this.group = group;
    this.inputs = Counter.builder("windowops.scheduler.inputs").description("Saga inputs processed").register(meters);
    this.transactions =
        Counter.builder("windowops.scheduler.transactions").description("Committed saga transactions").register(meters);
    this.restoreTime =
        Timer.builder("windowops.scheduler.restore")
            .description("Time to restore one partition's windows from the state topic")
            .register(meters);
    meters.gauge("windowops.scheduler.windows.owned", store, WindowStore::size);
  }

  static List<String> inputTopics() {
    return List.of(
        Topics.REQUESTS.name(),
        Topics.STEP_RESULTS.name(),
        Topics.VALIDATION_RESULTS.name(),
        Topics.NOTIFICATIONS.name());
  }

  @Override
  List<String> topics() {
    return inputTopics();
  }

  @Override
  ConsumerRebalanceListener ownership() {
    return new Ownership();
  }

  @Override
  void process(ConsumerRecord<String, byte[]> record) {
    WindowStateSnapshot state = decide(record);
    if (state != null) {
      changed.add(state);
    }
  }

  /** Timers are armed only for what is committed. */
  @Override
  void committed() {
    transactions.increment();
    changed.forEach(timers::arm);
    changed.clear();
  }

  @Override
  void closeOthers() {
    timers.close();
    restorer.close();
  }

  /** Feeds one input to the saga and adds its effects to the open transaction. */
  private WindowStateSnapshot decide(ConsumerRecord<String, byte[]> record) {
    MDC.put("windowId", String.valueOf(record.key()));
    try {
      Optional<String> misplaced =
          PartitionCheck.problem(record.topic(), record.key(), record.partition(), partitions(record.topic()));
      if (misplaced.isPresent()) {
        LOG.warn("Parking a misplaced input: {}", misplaced.get());
        deadLetters.publish(record, new MisplacedRecordException(misplaced.get()), group, 1);
        return null;
      }
      SagaInput input;
      try {
        input = decode(record);
      } catch (SerializationException e) {
        deadLetters.publish(record, e, group, 1);
        return null;
      }
      inputs.increment();
      WindowStateSnapshot before = store.get(record.partition(), record.key());
      Decision decision;
      try {
        decision = saga.decide(before, input, clock.instant());
      } catch (RuntimeException e) {
        // A rule that throws is a bug; park the input with the reason rather than stall the window.
        LOG.error("The saga failed on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        deadLetters.publish(record, e, group, 1);
        return null;
      }
      if (decision.state() == null || decision.changesNothing(before)) {
        return null;
      }
      String windowId = decision.state().getWindowId();
      decision.events().forEach(e -> send(Topics.WINDOWS.name(), windowId, e));
      decision.stepCommands().forEach(c -> send(Topics.STEPS.name(), windowId, c));
      decision.validationCommands().forEach(c -> send(Topics.VALIDATIONS.name(), windowId, c));
      decision.admissionCommands().forEach(c -> send(Topics.ADMISSIONS.name(), environmentOf(c), c));
      send(Topics.WINDOW_STATE.name(), windowId, decision.state());
      store.put(record.partition(), decision.state());
      return decision.state();
    } finally {
      MDC.remove("windowId");
    }
  }

  private void send(String topic, String windowId, SpecificRecord value) {
    producer.send(new ProducerRecord<>(topic, windowId, value));
  }

  private SagaInput decode(ConsumerRecord<String, byte[]> record) {
    Deserializer<? extends SpecificRecord> deserializer = deserializers.get(record.topic());
    SpecificRecord value = deserializer.deserialize(record.topic(), record.headers(), record.value());
    if (value == null) {
      throw new SerializationException("A null value is not a saga input");
    }
    if (value instanceof RequestEnvelope request) {
      return new SagaInput.Request(request);
    } else if (value instanceof StepResultEnvelope result) {
      return new SagaInput.StepResult(result);
    } else if (value instanceof ValidationResultEnvelope result) {
      return new SagaInput.ValidationResult(result);
    } else if (value instanceof NotificationEnvelope notification) {
      return new SagaInput.NotificationResult(notification);
    }
    throw new SerializationException("Unexpected input type " + value.getClass().getName());
  }

  /** Admission commands are keyed by environment: one owner decides for each. */
  private static String environmentOf(AdmissionCommandEnvelope command) {
    return command.getPayload() instanceof ReserveSlot r
        ? r.getRequest().getEnvironment()
        : ((ReleaseSlot) command.getPayload()).getEnvironment();
  }

  private int partitions(String topic) {
    return partitionCounts.computeIfAbsent(topic, t -> consumer.partitionsFor(t).size());
  }

  private static Set<Integer> partitionNumbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
  }

  /** Restores windows for newly owned partitions and forgets those given away. */
  private final class Ownership implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Set<Integer> kept = partitionNumbers(consumer.assignment());
      kept.removeAll(partitionNumbers(partitions));
      Set<Integer> gone = new HashSet<>(partitionNumbers(partitions));
      gone.removeAll(kept);
      store.drop(gone).forEach(w -> timers.cancel(w.getWindowId()));
      LOG.info("Gave away scheduler partitions {}", gone);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      awaitStableOffsets(partitions);
      for (int partition : partitionNumbers(partitions)) {
        if (!store.owns(partition)) {
          long began = System.nanoTime();
          Map<String, WindowStateSnapshot> windows = restorer.restore(partition);
          store.adopt(partition, windows);
          windows.values().forEach(timers::arm);
          restoreTime.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
          LOG.info("Took over scheduler partition {} with {} windows", partition, windows.size());
        }
      }
      assignedNow();
    }
  }
}
