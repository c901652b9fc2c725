package io.windowops.scheduler.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.ReservationEntry;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.platform.kafka.DeadLetterPublisher;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The single writer of every cross-window rule ({@link TransactionalLoop}), in the shape of a Kafka
 * Streams task with a state store: the admission topic is keyed by environment, so the instance that owns partition p decides
 * for every environment hashed there, from a reservation table it restores from partition p of the
 * compacted reservations changelog before its first command. For each polled batch, the table's
 * changes (to the same partition p of the changelog), the answers to the saga (on the requests
 * topic, keyed by window) and the consumed offsets go in ONE transaction: a claim is held exactly
 * when its answer exists, and a crash mid-batch leaves neither. Two requests for one slot are
 * decided one after the other by this one thread, whichever scheduler instance received them.
 */
final class AdmissionLoop extends TransactionalLoop {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionLoop.class);
  private final StateRestorer<ReservationEntry> restorer;
  private final Deserializer<AdmissionCommandEnvelope> deserializer;
  private final Admission admission;
  private final Clock clock;
  private final DeadLetterPublisher deadLetters;
  private final String group;
  private final Map<Integer, ReservationTable> tables = new ConcurrentHashMap<>();
  private final Counter granted;
  private final Counter refused;
  private final Counter released;
  private final Timer latency;

  AdmissionLoop(
      Consumer<String, byte[]> consumer,
      Producer<String, SpecificRecord> producer,
      StateRestorer<ReservationEntry> restorer,
      Deserializer<AdmissionCommandEnvelope> deserializer,
      Admission admission,
      Clock clock,
      DeadLetterPublisher deadLetters,
      String group,
      MeterRegistry meters) {
    super("admission", consumer, producer);
    this.restorer = restorer;
    this.deserializer = deserializer;
    this.admission = admission;
    this.clock = clock;
    this.deadLetters = deadLetters;
    this.group = group;
    String decisions = "windowops.scheduler.admission.decisions";
    this.granted = Counter.builder(decisions).tag("outcome", "granted").description("Slot claims granted").register(meters);
    this.refused = Counter.builder(decisions).tag("outcome", "refused").description("Slot claims refused").register(meters);
    this.released = Counter.builder(decisions).tag("outcome", "released").description("Claims released").register(meters);
    this.latency =
        Timer.builder("windowops.scheduler.admission.latency")
            .description("From the saga's claim to the admission's answer")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
  }

  /** Live claims in the tables this loop owns. */
  int reservations() {
    return tables.values().stream().mapToInt(ReservationTable::size).sum();
  }

  @Override
  List<String> topics() {
    return List.of(Topics.ADMISSIONS.name());
  }

  @Override
  ConsumerRebalanceListener ownership() {
    return new Ownership();
  }

  @Override
  void closeOthers() {
    restorer.close();
  }

  /**
   * Claims are restored from the changelog partition of the same number as their admission
   * partition: with other partition counts an environment would be decided without its claims.
   */
  @Override
  void checkTopics() {
    int admissions = consumer.partitionsFor(Topics.ADMISSIONS.name()).size();
    int reservations = consumer.partitionsFor(Topics.RESERVATIONS.name()).size();
    if (admissions != reservations) {
      throw new IllegalStateException(Topics.ADMISSIONS.name() + " has " + admissions + " partitions but "
          + Topics.RESERVATIONS.name() + " has " + reservations + "; they must be equal (" + Topics.PARTITIONS + ")");
    }
  }

  @Override
  void process(ConsumerRecord<String, byte[]> record) {
    AdmissionCommandEnvelope command;
    try {
      command = deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (command == null) {
        throw new SerializationException("A null value is not an admission command");
      }
    } catch (SerializationException e) {
      deadLetters.publish(record, e, group, 1);
      return;
    }
    String windowId = command.getMetadata().getWindowId();
    MDC.put("windowId", windowId);
    try {
      ReservationTable table = tables.get(record.partition());
      if (table == null) {
        throw new IllegalStateException("admission partition " + record.partition() + " has no restored table");
      }
      Instant now = clock.instant();
      Admission.Outcome outcome;
      try {
        outcome = admission.decide(table, command, now);
      } catch (RuntimeException e) {
        // A rule that throws is a bug: park the command with the reason and answer it, rather
        // than stall every environment of this partition on it.
        LOG.error("The admission failed on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        deadLetters.publish(record, e, group, 1);
        outcome = new Admission.Outcome(Admission.undecidable(command, e.toString(), now), List.of(), List.of());
      }
      for (ReservationEntry held : outcome.held()) {
        producer.send(new ProducerRecord<>(Topics.RESERVATIONS.name(), record.partition(), ReservationTable.key(held), held));
      }
      for (ReservationEntry gone : outcome.released()) {
        producer.send(new ProducerRecord<>(Topics.RESERVATIONS.name(), record.partition(), ReservationTable.key(gone), null));
      }
      released.increment(outcome.released().size());
      if (outcome.answer() != null) {
        producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), windowId, outcome.answer()));
        (outcome.granted() ? granted : refused).increment();
        Duration waited = Duration.between(command.getMetadata().getOccurredAt(), now);
        latency.record(waited.isNegative() ? Duration.ZERO : waited);
        if (outcome.answer().getPayload() instanceof SlotGranted g) {
          LOG.info("Slot claim {} of {} granted: {} – {}", g.getClaimId(), windowId, g.getStart(), g.getEnd());
        } else {
          SlotRefused r = (SlotRefused) outcome.answer().getPayload();
          LOG.info("Slot claim {} of {} refused: {}", r.getClaimId(), windowId, r.getViolations().stream().map(v -> v.getCode()).toList());
        }
      }
    } finally {
      MDC.remove("windowId");
    }
  }

  /** Restores the tables of newly owned partitions from the changelog; forgets those given away. */
  private final class Ownership implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(tp -> tables.remove(tp.partition()));
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      onPartitionsRevoked(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      awaitStableOffsets(partitions);
      for (TopicPartition tp : partitions) {
        if (!tables.containsKey(tp.partition())) {
          ReservationTable table = new ReservationTable();
          restorer.restore(tp.partition()).values().forEach(table::put);
          tables.put(tp.partition(), table);
          LOG.info("Took over admission partition {} with {} reservations", tp.partition(), table.size());
        }
      }
      assignedNow();
    }
  }
}
