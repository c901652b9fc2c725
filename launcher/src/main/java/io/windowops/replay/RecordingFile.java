package io.windowops.replay;

import io.vertx.core.json.JsonObject;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.WireFormat;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A recording of the scheduler's topics as a JSON-lines file, readable and diffable: a header
 * line, one line per writer schema the records use, then one line per record with where it was
 * stored (topic, partition, offset), its timestamp, key, writer schema id and its value in
 * Avro's JSON encoding of that schema. Loading it registers the schemas in the target registry
 * and writes every record to the same partition with the same timestamp, re-framed with the
 * target registry's schema ids.
 */
public final class RecordingFile {

  static final String FORMAT = "windowops-recording";
  static final int VERSION = 1;

  /** One record as the file holds it, not yet framed for a registry. */
  public record Line(String topic, int partition, long offset, long timestamp, String key, Integer schemaId, String avroJson) {}

  private final Map<Integer, Schema> schemas;
  private final List<Line> records;

  private RecordingFile(Map<Integer, Schema> schemas, List<Line> records) {
    this.schemas = schemas;
    this.records = records;
  }

  public List<Line> records() {
    return records;
  }

  /** Writes raw records of the scheduler's topics, resolving their schema ids with {@code registry}. */
  public static void write(List<ConsumerRecord<String, byte[]>> raw, SchemaRegistryClient registry, Writer out) throws IOException {
    Map<Integer, Schema> schemas = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> r : raw) {
      if (r.value() != null) {
        int id = WireFormat.schemaId(r.value(), r.topic(), false);
        schemas.computeIfAbsent(id, registry::schemaById);
      }
    }
    out.write(new JsonObject().put("format", FORMAT).put("version", VERSION).encode() + "\n");
    for (Map.Entry<Integer, Schema> s : schemas.entrySet()) {
      out.write(new JsonObject().put("schemaId", s.getKey()).put("schema", s.getValue().toString()).encode() + "\n");
    }
    for (ConsumerRecord<String, byte[]> r : raw) {
      JsonObject line =
          new JsonObject()
              .put("topic", r.topic())
              .put("partition", r.partition())
              .put("offset", r.offset())
              .put("timestamp", r.timestamp())
              .put("key", r.key());
      if (r.value() == null) {
        line.putNull("value");
      } else {
        int id = WireFormat.schemaId(r.value(), r.topic(), false);
        line.put("schemaId", id).put("value", new JsonObject(toJson(schemas.get(id), r.value())));
      }
      out.write(line.encode() + "\n");
    }
    out.flush();
  }

  /** Reads a recording; a malformed line is an {@link IllegalArgumentException} naming it. */
  public static RecordingFile read(BufferedReader in) throws IOException {
    Map<Integer, Schema> schemas = new HashMap<>();
    List<Line> records = new ArrayList<>();
    String text;
    int number = 0;
    while ((text = in.readLine()) != null) {
      number++;
      if (text.isBlank()) {
        continue;
      }
      try {
        JsonObject line = new JsonObject(text);
        if (number == 1) {
          if (!FORMAT.equals(line.getString("format")) || line.getInteger("version", 0) != VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " version " + VERSION + " file");
          }
        } else if (line.containsKey("schema")) {
          schemas.put(line.getInteger("schemaId"), new Schema.Parser().parse(line.getString("schema")));
        } else {
          Integer id = line.getInteger("schemaId");
          if (id != null && !schemas.containsKey(id)) {
            throw new IllegalArgumentException("schemaId " + id + " is not declared before it is used");
          }
          if (Topics.byName(line.getString("topic")).isEmpty()) {
            throw new IllegalArgumentException("topic " + line.getString("topic") + " is not a WindowOps topic");
          }
          JsonObject value = line.getJsonObject("value");
          records.add(new Line(line.getString("topic"), line.getInteger("partition"), line.getLong("offset"),
              line.getLong("timestamp"), line.getString("key"), id, value == null ? null : value.encode()));
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
      }
    }
    if (number == 0) {
      throw new IllegalArgumentException("the recording is empty");
    }
    return new RecordingFile(schemas, records);
  }

  /**
   * The value of {@code line} in Confluent's wire format for {@code registry}: its writer schema
   * registered under the topic's subject, the Avro binary re-encoded from the JSON.
   */
  public byte[] frame(Line line, SchemaRegistryClient registry, Map<Integer, Integer> registered) {
    if (line.avroJson() == null) {
      return null;
    }
    Schema schema = schemas.get(line.schemaId());
    Topic<?> topic = Topics.byName(line.topic()).orElseThrow();
    int id = registered.computeIfAbsent(line.schemaId(), old -> registry.register(topic.subject(), schema));
    try {
      GenericDatumReader<Object> reader = new GenericDatumReader<>(schema);
      Object datum = reader.read(null, DecoderFactory.get().jsonDecoder(schema, line.avroJson()));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
      new GenericDatumWriter<>(schema).write(datum, encoder);
      encoder.flush();
      return WireFormat.frame(id, bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalArgumentException(line.topic() + "[" + line.partition() + "]@" + line.offset()
          + ": the value does not match its schema: " + e.getMessage(), e);
    }
  }

  /**
   * The recording decoded into the generated classes (each value read with its writer schema
   * into the current one), without a broker or registry: the same records a replay of the loaded
   * topics reads.
   */
  public Recording decode() {
    List<Recorded> decoded = new ArrayList<>();
    for (Line line : records) {
      Topic<?> topic = Topics.byName(line.topic()).orElseThrow();
      SpecificRecord value = null;
      if (line.avroJson() != null) {
        Schema writer = schemas.get(line.schemaId());
        SpecificData model = SpecificData.getForClass(topic.valueClass());
        try {
          value = (SpecificRecord) new SpecificDatumReader<>(writer, model.getSchema(topic.valueClass()), model)
              .read(null, DecoderFactory.get().jsonDecoder(writer, line.avroJson()));
        } catch (IOException e) {
          throw new IllegalArgumentException(line.topic() + "[" + line.partition() + "]@" + line.offset()
              + ": the value does not match its schema: " + e.getMessage(), e);
        }
      }
      decoded.add(new Recorded(line.topic(), line.partition(), line.offset(), line.timestamp(), line.key(), value));
    }
    return Recording.of(decoded, 0);
  }

  private static String toJson(Schema schema, byte[] framed) {
    try {
      byte[] body = Arrays.copyOfRange(framed, WireFormat.HEADER_SIZE, framed.length);
      Object datum = new GenericDatumReader<>(schema).read(null, DecoderFactory.get().binaryDecoder(body, null));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, bytes);
      new GenericDatumWriter<>(schema).write(datum, encoder);
      encoder.flush();
      return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
