package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads Confluent-framed Avro records with their own writer schema into {@link GenericRecord}s: no
 * generated class needed, so audit and inspection tools read any topic, any version. Logical types
 * stay in their Avro representation (e.g. timestamps as longs).
 */
public class GenericAvroDeserializer extends AbstractAvroDeserializer<GenericRecord> {

  /**
   * For Kafka to create from a class name; {@link #configure} then needs {@code
   * schema.registry.url}.
   */
  public GenericAvroDeserializer() {
    super(null);
  }

  public GenericAvroDeserializer(SchemaRegistryClient registry) {
    super(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  String targetName() {
    return "a generic record";
  }

  @Override
  Preparation<GenericRecord> prepare(Schema writer) {
    if (writer.getType() != Schema.Type.RECORD) {
      return Preparation.unreadable(
          "its schema is a " + writer.getType().getName() + ", not a record");
    }
    return Preparation.reader(new GenericDatumReader<>(writer, writer, GenericData.get()));
  }
}
