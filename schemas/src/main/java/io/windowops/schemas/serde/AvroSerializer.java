package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in Confluent's wire format. The record's schema is registered under
 * {@code <topic>-value} ({@code <topic>-key} for keys: Confluent's topic-name strategy) once and
 * its id cached; each call then only encodes.
 *
 * <p>Failures: {@link SerializationException} when the record cannot be written (e.g. its schema is
 * incompatible with the subject), {@link SchemaRegistryUnavailableException} when the registry
 * cannot be reached. Thread-safe.
 *
 * @param <T> the generated record class
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  /** Buffers that grew past this are not kept for the next record of the thread. */
  private static final int MAX_RETAINED_BUFFER = 1 << 20;

  private SchemaRegistryClient registry;
  private boolean isKey;
  private boolean autoRegister = true;
  private final ConcurrentMap<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final ThreadLocal<Output> outputs = ThreadLocal.withInitial(Output::new);

  /**
   * For Kafka to create from a class name; {@link #configure} then needs {@code
   * schema.registry.url}.
   */
  public AvroSerializer() {}

  /** A value serializer that registers its schemas. */
  public AvroSerializer(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = AvroSerdeConfig.autoRegister(configs);
    if (registry == null) {
      registry = AvroSerdeConfig.client(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          "AvroSerializer has no schema registry: construct it with a SchemaRegistryClient or set "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    Schema schema = data.getSchema();
    int id = schemaId(topic, schema);
    Output out = outputs.get();
    try {
      out.start(id);
      out.encoder = EncoderFactory.get().directBinaryEncoder(out, out.encoder);
      writer(schema, data).write(data, out.encoder);
      out.encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot encode a "
              + schema.getFullName()
              + " as the "
              + WireFormat.part(isKey)
              + " of a record for topic '"
              + topic
              + "' with schema id "
              + id
              + ": "
              + e,
          e);
    } finally {
      out.releaseIfLarge();
    }
  }

  private int schemaId(String topic, Schema schema) {
    String subject = topic + (isKey ? "-key" : "-value");
    try {
      return autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
    } catch (SchemaRegistryException e) {
      String what =
          "Cannot "
              + (autoRegister ? "register" : "look up")
              + " the schema of "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "'";
      if (e.isRetriable()) {
        throw new SchemaRegistryUnavailableException(what, e);
      }
      throw new SerializationException(what + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<Object> writer(Schema schema, T data) {
    DatumWriter<Object> writer = writers.get(schema);
    if (writer == null) {
      // The class's own model carries its logical-type conversions (Instant, BigDecimal, ...).
      writer =
          (DatumWriter<Object>)
              (DatumWriter<?>)
                  new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
      DatumWriter<Object> raced = writers.putIfAbsent(schema, writer);
      if (raced != null) {
        writer = raced;
      }
    }
    return writer;
  }

  @Override
  public void close() {
    outputs.remove();
  }

  /** A per-thread buffer and encoder, reused from record to record. */
  private static final class Output extends ByteArrayOutputStream {
    BinaryEncoder encoder;

    Output() {
      super(256);
    }

    void start(int schemaId) {
      reset();
      write(WireFormat.MAGIC_BYTE);
      write(schemaId >>> 24);
      write(schemaId >>> 16);
      write(schemaId >>> 8);
      write(schemaId);
    }

    void releaseIfLarge() {
      if (buf.length > MAX_RETAINED_BUFFER) {
        buf = new byte[256];
        count = 0;
      }
    }
  }
}
