package io.windowops.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CompensationSpec;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.StepSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every value of every topic")
class EnvelopeRoundTripTest {

  /** One value type of one topic: the envelope with one payload type, or a single-type record. */
  record Case(Topic<?> topic, Schema payload, SampleRecords.Fill fill) {
    @Override
    public String toString() {
      String what = payload == null ? topic.valueSchema().getName() : topic.valueSchema().getName() + " carrying " + payload.getName();
      return what + " (" + fill.name().toLowerCase() + ") on " + topic.name();
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    List<Topic<?>> topics = new ArrayList<>(Topics.all());
    topics.add(Topics.REQUESTS.dlq());
    for (SampleRecords.Fill fill : SampleRecords.Fill.values()) {
      for (Topic<?> topic : topics) {
        Schema.Field payload = topic.valueSchema().getField("payload");
        if (payload == null) {
          cases.add(new Case(topic, null, fill));
        } else {
          payload.schema().getTypes().forEach(branch -> cases.add(new Case(topic, branch, fill)));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("survives an Avro binary round trip unchanged:")
  void roundTrip(Case c) throws IOException {
    SampleRecords samples = new SampleRecords(c.toString().hashCode(), c.fill());
    SpecificRecord value =
        c.payload() == null
            ? samples.record(c.topic().valueSchema())
            : samples.record(c.topic().valueSchema(), "payload", samples.record(c.payload()));

    SpecificRecord read = roundTrip(value, c.topic().valueSchema());

    assertThat(read).isInstanceOf(c.topic().valueClass()).isEqualTo(value);
    assertThat(value).isEqualTo(read);
  }

  @Test
  @DisplayName("lets every union branch of every envelope be exercised (no envelope is empty)")
  void everyEnvelopeHasPayloads() {
    int branches =
        Topics.all().stream()
            .map(t -> t.valueSchema().getField("payload"))
            .filter(Objects::nonNull)
            .mapToInt(f -> f.schema().getTypes().size())
            .sum();
    assertThat(branches).isGreaterThanOrEqualTo(34);
    assertThat(cases().filter(c -> c.payload() != null).map(Case::payload).map(Schema::getName).distinct())
        .as("every payload type belongs to exactly one envelope")
        .hasSize(branches)
        .contains("MaintenanceRequested", "NoticeDue", "RunStep", "StepOutcome", "ValidationOutcome", "NotificationFailed");
  }

  @Test
  @DisplayName("decodes nested event records without trusting packages through system properties")
  void noAvroTrustPropertyNeeded() throws IOException {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_CLASSES")).isNull();
    SampleRecords samples = new SampleRecords(42, SampleRecords.Fill.FULL);
    SpecificRecord state = samples.record(Topics.WINDOW_STATE.valueSchema());

    assertThat(roundTrip(state, Topics.WINDOW_STATE.valueSchema())).isEqualTo(state);
  }

  @Test
  @DisplayName("lets a pipeline build a minimal maintenance request with the builders, optional fields defaulted")
  void minimalRequestFromBuilders() throws IOException {
    RequestEnvelope request =
        RequestEnvelope.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setWindowId("MNT-2026-0042")
                    .setOccurredAt(Instant.parse("2026-03-02T09:15:00.123Z"))
                    .setActor("pipeline:deploy-api#1234")
                    .build())
            .setPayload(
                MaintenanceRequested.newBuilder()
                    .setTitle("Upgrade api to 2.4.1")
                    .setServices(List.of("api"))
                    .setEnvironment("production")
                    .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
                    .setSteps(
                        List.of(
                            StepSpec.newBuilder()
                                .setStepId("deploy")
                                .setAction("helm.upgrade")
                                .setParams(Map.of("chart", "api", "version", "2.4.1", "token", "env:HELM_TOKEN"))
                                .setCompensation(
                                    CompensationSpec.newBuilder()
                                        .setAction("helm.rollback")
                                        .setParams(Map.of("chart", "api"))
                                        .build())
                                .setTimeoutSeconds(600)
                                .build()))
                    .setSuccessCriteria(
                        List.of(
                            CriterionSpec.newBuilder()
                                .setCriterionId("error-rate")
                                .setKind(CriterionKind.PROMETHEUS)
                                .setQuery("sum(rate(http_requests_total{code=~\"5..\"}[5m]))")
                                .setComparator(ComparisonOperator.LESS_THAN)
                                .setThreshold(0.01)
                                .build()))
                    .setRequester("pipeline:deploy-api")
                    .build())
            .build();

    RequestEnvelope read = (RequestEnvelope) roundTrip(request, RequestEnvelope.getClassSchema());

    MaintenanceRequested payload = (MaintenanceRequested) read.getPayload();
    assertThat(read.getMetadata().getSequence()).isZero();
    assertThat(read.getMetadata().getCausationId()).isNull();
    assertThat(payload.getRequestedStart()).isNull();
    assertThat(payload.getUseNextAllowedSlot()).isFalse();
    assertThat(payload.getAudiences()).isEmpty();
    assertThat(payload.getLabels()).isEmpty();
    assertThat(payload.getSteps().get(0).getMaxRetries()).isZero();
    assertThat(payload.getSuccessCriteria().get(0).getCount()).isEqualTo(1);
    assertThat(read.getMetadata().getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T09:15:00.123Z"));
    assertThat(read).isEqualTo(request);
  }

  private static SpecificRecord roundTrip(SpecificRecord value, Schema schema) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<SpecificRecord>(schema).write(value, encoder);
    encoder.flush();
    return new SpecificDatumReader<SpecificRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
  }
}
