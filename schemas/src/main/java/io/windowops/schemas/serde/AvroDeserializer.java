package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * Reads Confluent-framed Avro values into a generated class. The writer schema (fetched by the id
 * in the frame) is resolved against the class's schema, so data written with an older or newer
 * compatible schema decodes; a writer schema the class cannot read fails every record of it with
 * Avro's own explanation. See {@link AbstractAvroDeserializer} for the failures.
 *
 * @param <T> the generated record class
 */
public class AvroDeserializer<T extends SpecificRecord> extends AbstractAvroDeserializer<T> {

  private Class<T> type;
  private Schema readerSchema;
  private SpecificData model;

  /**
   * For Kafka to create from a class name; {@link #configure} then needs {@code
   * schema.registry.url} and {@code specific.avro.value.type} (or {@code .key.type}).
   */
  public AvroDeserializer() {
    super(null);
  }

  public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    super(Objects.requireNonNull(registry, "registry"));
    useType(Objects.requireNonNull(type, "type"));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    super.configure(configs, isKey);
    if (type == null) {
      String key =
          isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
      Object name = configs.get(key);
      if (name == null) {
        throw new ConfigException("Missing " + key + ": the generated Avro class to read into");
      }
      useType(loadType(name, key));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> loadType(Object name, String key) {
    if (name instanceof Class<?> c) {
      return (Class<T>) c;
    }
    try {
      Class<?> c =
          Class.forName(
              name.toString().trim(), true, Thread.currentThread().getContextClassLoader());
      if (!SpecificRecord.class.isAssignableFrom(c)) {
        throw new ConfigException(key, name, "not a generated Avro class (SpecificRecord)");
      }
      return (Class<T>) c;
    } catch (ClassNotFoundException e) {
      throw new ConfigException(key, name, "class not found");
    }
  }

  private void useType(Class<T> type) {
    this.type = type;
    // The class's own model carries its logical-type conversions (Instant, BigDecimal, ...).
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  @Override
  String targetName() {
    return type == null ? "(unconfigured)" : type.getName();
  }

  @Override
  Preparation<T> prepare(Schema writer) {
    if (type == null) {
      throw new IllegalStateException("AvroDeserializer has no target class");
    }
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer).getResult();
    if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
      return Preparation.unreadable(
          "its schema cannot be read with the schema of "
              + type.getName()
              + ": "
              + result.getIncompatibilities().stream()
                  .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                  .collect(Collectors.joining("; ")));
    }
    return Preparation.reader(new SpecificDatumReader<>(writer, readerSchema, model));
  }
}
