package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent's wire format: checks the header, fetches the writer schema by id (cached), and
 * decodes with a reader prepared once per writer schema. Subclasses say what they decode into.
 *
 * <p>Failures: a {@link SerializationException} whose message says exactly what is wrong with the
 * record (too short, wrong magic byte, unknown schema id, schema that cannot be read as the target
 * type, bytes that do not decode), or a {@link SchemaRegistryUnavailableException} when the
 * registry cannot be asked (the record may be fine). Thread-safe.
 */
abstract class AbstractAvroDeserializer<T> implements Deserializer<T> {

  protected SchemaRegistryClient registry;
  protected boolean isKey;
  private final ConcurrentMap<Integer, Decoding<T>> decodings = new ConcurrentHashMap<>();
  private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

  AbstractAvroDeserializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (registry == null) {
      registry = AvroSerdeConfig.client(configs);
    }
  }

  /** What a record is decoded into, for messages. */
  abstract String targetName();

  /**
   * A reader for values written with {@code writer}.
   *
   * @return the reader, or an explanation why values of this writer schema cannot be read
   */
  abstract Preparation<T> prepare(Schema writer);

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " has no schema registry: construct it with a SchemaRegistryClient or set "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
    }
    int id = WireFormat.schemaId(data, topic, isKey);
    Decoding<T> decoding = decodings.get(id);
    if (decoding == null) {
      decoding = decoding(id, topic);
      Decoding<T> raced = decodings.putIfAbsent(id, decoding);
      if (raced != null) {
        decoding = raced;
      }
    }
    if (decoding.unreadable != null) {
      throw new SerializationException(
          describe(topic, data, decoding) + ": " + decoding.unreadable);
    }
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
    decoders.set(decoder);
    T value;
    try {
      value = decoding.reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          describe(topic, data, decoding) + ": the Avro data does not decode: " + e, e);
    }
    try {
      if (!decoder.isEnd()) {
        throw new SerializationException(
            describe(topic, data, decoding)
                + ": bytes are left over after the record, so they were not written with this"
                + " schema");
      }
    } catch (IOException e) {
      throw new SerializationException(describe(topic, data, decoding) + ": " + e, e);
    }
    return value;
  }

  private Decoding<T> decoding(int id, String topic) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      String what =
          "Cannot fetch writer schema id "
              + id
              + " of the "
              + WireFormat.part(isKey)
              + " of a record from topic '"
              + topic
              + "'";
      if (e.isRetriable()) {
        throw new SchemaRegistryUnavailableException(what, e);
      }
      if (e.isNotFound()) {
        throw new SerializationException(
            "Cannot deserialize the "
                + WireFormat.part(isKey)
                + " of a record from topic '"
                + topic
                + "': schema id "
                + id
                + " is unknown to the schema registry at "
                + registry.url()
                + " (error_code "
                + e.errorCode()
                + ": "
                + e.registryMessage()
                + ")",
            e);
      }
      throw new SerializationException(what + ": " + e.getMessage(), e);
    }
    Preparation<T> prepared = prepare(writer);
    return new Decoding<>(id, writer, prepared.reader, prepared.unreadable);
  }

  private String describe(String topic, byte[] data, Decoding<T> decoding) {
    return "Cannot deserialize the "
        + WireFormat.part(isKey)
        + " of a record from topic '"
        + topic
        + "' ("
        + data.length
        + " bytes) written with schema id "
        + decoding.id
        + " ("
        + decoding.writer.getFullName()
        + ") as "
        + targetName();
  }

  @Override
  public void close() {
    decoders.remove();
  }

  /** A reader for one writer schema, or why there is none. */
  static final class Preparation<T> {
    final DatumReader<T> reader;
    final String unreadable;

    private Preparation(DatumReader<T> reader, String unreadable) {
      this.reader = reader;
      this.unreadable = unreadable;
    }

    static <T> Preparation<T> reader(DatumReader<T> reader) {
      return new Preparation<>(reader, null);
    }

    static <T> Preparation<T> unreadable(String why) {
      return new Preparation<>(null, why);
    }
  }

  private static final class Decoding<T> {
    final int id;
    final Schema writer;
    final DatumReader<T> reader;
    final String unreadable;

    Decoding(int id, Schema writer, DatumReader<T> reader, String unreadable) {
      this.id = id;
      this.writer = writer;
      this.reader = reader;
      this.unreadable = unreadable;
    }
  }
}
