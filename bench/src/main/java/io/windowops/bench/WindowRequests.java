package io.windowops.bench;

import io.windowops.events.ApprovalGiven;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepSpec;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroSerializer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Asks for windows as a deploy pipeline does, by writing {@code MaintenanceRequested} to the
 * requests topic, then approves each with an {@code ApprovalGiven} from the bench approver: the
 * same two inputs the REST API writes after checking its bearer tokens.
 */
final class WindowRequests implements AutoCloseable {

  static final String REQUESTER = "bench-requester";
  static final String APPROVER = "bench-approver";

  private final KafkaProducer<String, RequestEnvelope> producer;

  WindowRequests(WindowOpsConfig config) {
    this.producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, "bench-requests"),
            new StringSerializer(),
            new AvroSerializer<>(new SchemaRegistryClient(config.schemaRegistryUrl())));
  }

  /** A window of {@code steps} no-op steps starting at {@code start}, requested and approved. */
  void requestApproved(String windowId, Instant start, int steps) {
    List<StepSpec> specs = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      specs.add(StepSpec.newBuilder().setStepId(String.format("step-%02d", i)).setAction("noop").setTimeoutSeconds(30).build());
    }
    MaintenanceRequested request =
        MaintenanceRequested.newBuilder()
            .setTitle("Benchmark window " + windowId)
            .setServices(List.of("svc-" + windowId.toLowerCase()))
            .setEnvironment("bench")
            .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
            .setRequestedStart(start)
            .setRequestedEnd(start.plus(2, ChronoUnit.HOURS))
            .setSteps(specs)
            .setRequester(REQUESTER)
            .build();
    send(windowId, REQUESTER, request);
    send(windowId, APPROVER, ApprovalGiven.newBuilder().setApprover(APPROVER).setRole(APPROVER).build());
  }

  void flush() {
    producer.flush();
  }

  private void send(String windowId, String actor, Object payload) {
    RequestEnvelope envelope =
        RequestEnvelope.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setWindowId(windowId)
                    .setOccurredAt(Instant.now())
                    .setActor(actor)
                    .build())
            .setPayload(payload)
            .build();
    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), windowId, envelope));
  }

  @Override
  public void close() {
    producer.close();
  }
}
