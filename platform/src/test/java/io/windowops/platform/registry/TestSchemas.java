package io.windowops.platform.registry;

import java.util.UUID;
import org.apache.avro.Schema;

/** Versions of one small record, and the compatibility relations between them. */
final class TestSchemas {

  static final String A = "{\"name\":\"a\",\"type\":\"string\"}";
  static final String B_WITH_DEFAULT = "{\"name\":\"b\",\"type\":\"int\",\"default\":0}";
  static final String B = "{\"name\":\"b\",\"type\":\"int\"}";
  static final String C = "{\"name\":\"c\",\"type\":\"long\"}";

  /** {a}. */
  static final String V1 = record(A);

  /** {a, b=0}: reads V1 data (backward) and V1 reads its data (forward). */
  static final String V2 = record(A, B_WITH_DEFAULT);

  /** {b}: reads V2 data, not V1 data (no b there, no default). */
  static final String ONLY_B = record(B);

  /** {a, c}: cannot read V1 data (no default for c); V1 reads its data. */
  static final String V1_PLUS_C = record(A, C);

  private TestSchemas() {}

  static String record(String... fields) {
    return "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"io.windowops.test\",\"fields\":["
        + String.join(",", fields)
        + "]}";
  }

  /** The form the registry returns: Avro's own JSON of the parsed schema. */
  static String canonical(String schema) {
    return new Schema.Parser().parse(schema).toString();
  }

  /** A subject no other test uses. */
  static String subject(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
  }
}
