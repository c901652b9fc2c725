package io.windowops.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds instances of the generated classes from their schemas, so that every type is exercised
 * without a hand-written fixture per type. Deterministic for a given seed.
 */
public final class SampleRecords {

  /** Whether optional fields are set and collections filled, or left null and empty. */
  public enum Fill {
    FULL,
    MINIMAL
  }

  private final Random random;
  private final Fill fill;

  public SampleRecords(long seed, Fill fill) {
    this.random = new Random(seed);
    this.fill = fill;
  }

  /** A record of {@code schema}'s generated class with every field set. */
  public SpecificRecord record(Schema schema) {
    SpecificRecord record = (SpecificRecord) SpecificData.get().newRecord(null, schema);
    if (record == null) {
      throw new IllegalStateException("No generated class for " + schema.getFullName());
    }
    for (Schema.Field field : schema.getFields()) {
      record.put(field.pos(), value(field.schema(), field.name()));
    }
    return record;
  }

  /** A record with {@code field} set to {@code value} and every other field sampled. */
  public SpecificRecord record(Schema schema, String field, Object value) {
    SpecificRecord record = record(schema);
    record.put(schema.getField(field).pos(), value);
    return record;
  }

  private Object value(Schema schema, String name) {
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000));
    }
    return switch (schema.getType()) {
      case RECORD -> record(schema);
      case ENUM -> SpecificData.get()
          .createEnum(schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())), schema);
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < (fill == Fill.FULL ? 2 : 0); i++) {
          list.add(value(schema.getElementType(), name));
        }
        yield list;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < (fill == Fill.FULL ? 2 : 0); i++) {
          map.put(name + "-key-" + i, value(schema.getValueType(), name));
        }
        yield map;
      }
      case UNION -> {
        Schema nonNull = schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        yield schema.isNullable() && fill == Fill.MINIMAL ? null : value(nonNull, name);
      }
      case STRING -> name.endsWith("Id") ? UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt()}).toString()
          : name + "-" + random.nextInt(1000) + " ✓";
      case BYTES -> ByteBuffer.wrap((name + random.nextInt()).getBytes(StandardCharsets.UTF_8));
      case INT -> random.nextInt(100);
      case LONG -> random.nextLong();
      case DOUBLE -> random.nextDouble();
      case FLOAT -> random.nextFloat();
      case BOOLEAN -> random.nextBoolean();
      case NULL -> null;
      case FIXED -> throw new UnsupportedOperationException("no fixed types in the contract");
    };
  }
}
