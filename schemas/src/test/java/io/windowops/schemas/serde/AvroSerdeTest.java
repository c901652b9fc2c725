package io.windowops.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.windowops.events.DeadLetter;
import io.windowops.events.DeadLetterHeader;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.registry.SchemaRegistryException;
import io.windowops.schemas.registry.StubRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Avro serializer and deserializers")
class AvroSerdeTest {

  private static final String TOPIC = "windowops.steps.v1.dlq";
  private static final Instant FAILED_AT = Instant.parse("2026-03-01T02:00:00.123Z");

  private StubRegistry stub;
  private SchemaRegistryClient registry;
  private AvroSerializer<DeadLetter> serializer;
  private AvroDeserializer<DeadLetter> deserializer;

  @BeforeEach
  void start() throws IOException {
    stub = new StubRegistry();
    registry = new SchemaRegistryClient(stub.url());
    serializer = new AvroSerializer<>(registry);
    serializer.configure(Map.of(), false);
    deserializer = new AvroDeserializer<>(new SchemaRegistryClient(stub.url()), DeadLetter.class);
    deserializer.configure(Map.of(), false);
  }

  @AfterEach
  void stop() {
    serializer.close();
    deserializer.close();
    stub.close();
  }

  static DeadLetter letter(long offset) {
    return DeadLetter.newBuilder()
        .setSourceTopic("windowops.steps.v1")
        .setPartition(2)
        .setOffset(offset)
        .setRecordTimestamp(FAILED_AT.minus(5, ChronoUnit.SECONDS))
        .setKey(ByteBuffer.wrap("MNT-2026-0042".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setHeaders(
            List.of(
                DeadLetterHeader.newBuilder()
                    .setKey("traceparent")
                    .setValue(ByteBuffer.wrap("00-abc-def-01".getBytes(StandardCharsets.UTF_8)))
                    .build()))
        .setErrorClass("org.apache.kafka.common.errors.SerializationException")
        .setErrorMessage("unknown magic byte")
        .setStackTrace("at somewhere")
        .setConsumerGroup("scheduler")
        .setAttempts(3)
        .setFailedAt(FAILED_AT)
        .build();
  }

  @Test
  @DisplayName(
      "round-trips a record, logical types included, in Confluent framing under <topic>-value")
  void roundTrip() {
    DeadLetter original = letter(42);

    byte[] bytes = serializer.serialize(TOPIC, original);

    assertThat(bytes[0]).isZero();
    assertThat(WireFormat.schemaId(bytes, TOPIC, false)).isEqualTo(1);
    assertThat(stub.count("POST", "/subjects/" + TOPIC + "-value/versions")).isEqualTo(1);
    DeadLetter decoded = deserializer.deserialize(TOPIC, bytes);
    assertThat(decoded).isEqualTo(original);
    assertThat(decoded.getFailedAt()).isEqualTo(FAILED_AT);
  }

  @Test
  @DisplayName("talks to the registry once per schema however many records pass")
  void hotPathIsCached() {
    for (int i = 0; i < 500; i++) {
      assertThat(
              deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, letter(i))).getOffset())
          .isEqualTo(i);
    }

    assertThat(stub.count("POST", "/subjects/")).isEqualTo(1);
    assertThat(stub.count("GET", "/schemas/ids/1")).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps null as null (tombstones) without calling the registry")
  void nulls() {
    assertThat(serializer.serialize(TOPIC, null)).isNull();
    assertThat(deserializer.deserialize(TOPIC, (byte[]) null)).isNull();
    assertThat(stub.requests()).isEmpty();
  }

  @Test
  @DisplayName("uses <topic>-key as subject when configured for keys")
  void keySubject() {
    AvroSerializer<DeadLetter> keys = new AvroSerializer<>(registry);
    keys.configure(Map.of(), true);

    keys.serialize(TOPIC, letter(1));

    assertThat(stub.count("POST", "/subjects/" + TOPIC + "-key/versions")).isEqualTo(1);
  }

  @Test
  @DisplayName("resolves an older writer schema: fields it lacks get their defaults")
  void schemaResolution() throws IOException {
    Schema current = DeadLetter.getClassSchema();
    Schema older =
        Schema.createRecord(
            current.getName(),
            current.getDoc(),
            current.getNamespace(),
            false,
            current.getFields().stream()
                .filter(f -> !f.name().equals("attempts") && !f.name().equals("stackTrace"))
                .map(f -> new Schema.Field(f, f.schema()))
                .collect(Collectors.toList()));
    int olderId = stub.preload(older);
    Schema header = current.getField("headers").schema().getElementType();
    GenericRecord old =
        new GenericRecordBuilder(older)
            .set("sourceTopic", "windowops.steps.v1")
            .set("partition", 0)
            .set("offset", 7L)
            .set("recordTimestamp", null)
            .set("key", null)
            .set("value", null)
            .set(
                "headers",
                List.of(
                    new GenericRecordBuilder(header).set("key", "k").set("value", null).build()))
            .set("errorClass", "java.lang.IllegalStateException")
            .set("errorMessage", null)
            .set("consumerGroup", null)
            .set("failedAt", FAILED_AT.toEpochMilli())
            .build();

    DeadLetter decoded = deserializer.deserialize(TOPIC, frame(olderId, older, old));

    assertThat(decoded.getOffset()).isEqualTo(7L);
    assertThat(decoded.getAttempts()).isEqualTo(1);
    assertThat(decoded.getStackTrace()).isEmpty();
    assertThat(decoded.getFailedAt()).isEqualTo(FAILED_AT);
    assertThat(decoded.getHeaders())
        .singleElement()
        .extracting(DeadLetterHeader::getKey)
        .isEqualTo("k");
  }

  @Test
  @DisplayName("rejects a writer schema the target class cannot read, with Avro's reason")
  void incompatibleWriter() throws IOException {
    Schema current = DeadLetter.getClassSchema();
    Schema clashing =
        new Schema.Parser()
            .parse(
                current
                    .toString()
                    .replace(
                        "{\"name\":\"partition\",\"type\":\"int\"",
                        "{\"name\":\"partition\",\"type\":\"string\""));
    int id = stub.preload(clashing);
    byte[] framed = WireFormat.frame(id, new byte[] {0});

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, framed))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "Cannot deserialize the value of a record from topic '"
                + TOPIC
                + "' (6 bytes) written with schema id "
                + id
                + " (io.windowops.events.DeadLetter) as io.windowops.events.DeadLetter: its schema"
                + " cannot be read with the schema of io.windowops.events.DeadLetter: TYPE_MISMATCH"
                + " at /fields/1/type");
  }

  @Test
  @DisplayName("names the schema id and registry when the id is unknown")
  void unknownId() {
    byte[] framed = WireFormat.frame(999, new byte[] {2, 65});

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, framed))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "Cannot deserialize the value of a record from topic '"
                + TOPIC
                + "': schema id 999 is unknown to the schema registry at "
                + stub.url()
                + " (error_code 40403: Schema 999 not found)")
        .hasCauseInstanceOf(SchemaRegistryException.class);
  }

  @Test
  @DisplayName("reports bytes that do not decode with the writer schema")
  void undecodable() {
    int id = stub.preload(DeadLetter.getClassSchema());
    byte[] framed = WireFormat.frame(id, new byte[] {0x7f, 0x7f, 0x7f});

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, framed))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "Cannot deserialize the value of a record from topic '"
                + TOPIC
                + "' (8 bytes) written with schema id "
                + id
                + " (io.windowops.events.DeadLetter) as io.windowops.events.DeadLetter: the Avro"
                + " data does not decode: ");
  }

  @Test
  @DisplayName("reports bytes left over after the record (data and schema id do not match)")
  void trailingBytes() {
    byte[] valid = serializer.serialize(TOPIC, letter(1));
    byte[] longer = Arrays.copyOf(valid, valid.length + 2);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageEndingWith(
            "as io.windowops.events.DeadLetter: bytes are left over after the record, so they were"
                + " not written with this schema");
  }

  @Test
  @DisplayName("reports bad frames from the deserializer too")
  void badFrames() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown magic byte 0x01");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("it has 2 bytes");
  }

  @Test
  @DisplayName("turns a rejected registration into a SerializationException naming the subject")
  void incompatibleRegistration() {
    stub.answer(
        "POST",
        "/subjects/" + TOPIC + "-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier"
            + " schema\"}");

    assertThatThrownBy(() -> serializer.serialize(TOPIC, letter(1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "Cannot register the schema of io.windowops.events.DeadLetter under subject '"
                + TOPIC
                + "-value': Schema registry answered POST")
        .hasMessageContaining("HTTP 409, error_code 409: Schema being registered is incompatible");
  }

  @Test
  @DisplayName("signals an unreachable registry as retriable, not as a bad record")
  void registryDown() throws IOException {
    SchemaRegistryClient offline = new SchemaRegistryClient("http://127.0.0.1:" + freePort());
    AvroSerializer<DeadLetter> writer = new AvroSerializer<>(offline);
    AvroDeserializer<DeadLetter> reader = new AvroDeserializer<>(offline, DeadLetter.class);
    byte[] framed = serializer.serialize(TOPIC, letter(1));

    assertThatThrownBy(() -> writer.serialize(TOPIC, letter(1)))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .isNotInstanceOf(SerializationException.class)
        .hasMessageStartingWith(
            "Cannot register the schema of io.windowops.events.DeadLetter under subject '"
                + TOPIC
                + "-value': Schema registry unreachable");
    assertThatThrownBy(() -> reader.deserialize(TOPIC, framed))
        .isInstanceOf(SchemaRegistryUnavailableException.class)
        .hasMessageStartingWith(
            "Cannot fetch writer schema id 1 of the value of a record from topic '" + TOPIC + "'");
    // Wrapped as a consumer wraps it, it is still recognised: readers that skip bad records retry these.
    assertThatThrownBy(() -> reader.deserialize(TOPIC, framed))
        .satisfies(e -> assertThat(SchemaRegistryUnavailableException.isCauseOf(new org.apache.kafka.common.KafkaException("poll", e))).isTrue());
    assertThatThrownBy(() -> reader.deserialize(TOPIC, new byte[] {0, 0}))
        .satisfies(e -> assertThat(SchemaRegistryUnavailableException.isCauseOf(e)).as("a bad record is not a registry outage").isFalse());
  }

  @Test
  @DisplayName("decodes any record with its writer schema into a GenericRecord")
  void generic() {
    GenericAvroDeserializer generic =
        new GenericAvroDeserializer(new SchemaRegistryClient(stub.url()));

    GenericRecord record = generic.deserialize(TOPIC, serializer.serialize(TOPIC, letter(9)));

    assertThat(record.getSchema()).isEqualTo(DeadLetter.getClassSchema());
    assertThat(record.get("offset")).isEqualTo(9L);
    assertThat(record.get("sourceTopic")).hasToString("windowops.steps.v1");
    assertThat(record.get("failedAt")).isEqualTo(FAILED_AT.toEpochMilli());
  }

  @Test
  @DisplayName("refuses a non-record writer schema in the generic deserializer")
  void genericNonRecord() {
    int id = stub.preload(Schema.create(Schema.Type.STRING));
    GenericAvroDeserializer generic = new GenericAvroDeserializer(registry);

    assertThatThrownBy(() -> generic.deserialize(TOPIC, WireFormat.frame(id, new byte[] {2, 65})))
        .isInstanceOf(SerializationException.class)
        .hasMessageEndingWith("as a generic record: its schema is a string, not a record");
  }

  @Test
  @DisplayName("can be created by Kafka from class names with Confluent's setting names")
  void configuredByKafka() {
    AvroSerializer<DeadLetter> writer = new AvroSerializer<>();
    writer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stub.url()), false);
    AvroDeserializer<DeadLetter> reader = new AvroDeserializer<>();
    reader.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            stub.url(),
            AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
            DeadLetter.class.getName()),
        false);

    assertThat(reader.deserialize(TOPIC, writer.serialize(TOPIC, letter(5))).getOffset())
        .isEqualTo(5);
    assertThatThrownBy(() -> new AvroDeserializer<DeadLetter>().configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    assertThatThrownBy(
            () ->
                new AvroDeserializer<DeadLetter>()
                    .configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, stub.url()), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
  }

  @Test
  @DisplayName("only looks schemas up when auto-registration is off")
  void lookupOnly() {
    int id = stub.preload(DeadLetter.getClassSchema());
    stub.answer(
        "POST",
        "/subjects/" + TOPIC + "-value",
        200,
        new ObjectMapper()
            .createObjectNode()
            .put("subject", TOPIC + "-value")
            .put("version", 1)
            .put("id", id)
            .put("schema", DeadLetter.getClassSchema().toString())
            .toString());
    AvroSerializer<DeadLetter> writer = new AvroSerializer<>(registry);
    writer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

    writer.serialize(TOPIC, letter(1));
    writer.serialize(TOPIC, letter(2));

    assertThat(stub.count("POST", "/subjects/" + TOPIC + "-value/versions")).isZero();
    assertThat(stub.count("POST", "/subjects/" + TOPIC + "-value")).isEqualTo(1);
  }

  private static byte[] frame(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return WireFormat.frame(id, out.toByteArray());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
