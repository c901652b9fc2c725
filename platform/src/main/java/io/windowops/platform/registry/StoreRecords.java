package io.windowops.platform.registry;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.windowops.schemas.registry.CompatibilityLevel;
import org.apache.avro.Schema;

/**
 * The records of the store topic: JSON keys and values in the layout of Confluent's own {@code
 * _schemas} topic, so the log reads the same way to anyone who knows that one. The topic is
 * compacted, so only the latest value of each key is kept:
 *
 * <pre>
 * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *     -> {"subject":"s","version":1,"id":7,"schema":"...","deleted":false}
 * {"keytype":"CONFIG","subject":"s","magic":0}   (subject null: the global level)
 *     -> {"compatibilityLevel":"BACKWARD_TRANSITIVE"}   (null value: level removed)
 * </pre>
 *
 * Other key types Confluent writes (NOOP, MODE, DELETE_SUBJECT, ...) are ignored.
 */
final class StoreRecords {

  private StoreRecords() {}

  static String schemaKey(String subject, int version) {
    return new JsonObject()
        .put("keytype", "SCHEMA")
        .put("subject", subject)
        .put("version", version)
        .put("magic", 1)
        .encode();
  }

  static String schemaValue(String subject, int version, int id, String schema) {
    return new JsonObject()
        .put("subject", subject)
        .put("version", version)
        .put("id", id)
        .put("schema", schema)
        .put("deleted", false)
        .encode();
  }

  /** The key of a subject's level; {@code subject} null for the global level. */
  static String configKey(String subject) {
    return new JsonObject()
        .put("keytype", "CONFIG")
        .put("subject", subject)
        .put("magic", 0)
        .encode();
  }

  static String configValue(CompatibilityLevel level) {
    return new JsonObject().put("compatibilityLevel", level.name()).encode();
  }

  /**
   * Applies one record of the topic to {@code state}.
   *
   * @return false if the record is not one this registry understands (it is then ignored)
   * @throws IllegalArgumentException if a record of a known type is malformed
   */
  static boolean apply(RegistryState state, String key, String value) {
    JsonObject k = json(key, "key");
    String type = k.getString("keytype", "");
    switch (type) {
      case "SCHEMA" -> {
        String subject = required(k.getString("subject"), "subject of a SCHEMA key");
        int version = required(k.getInteger("version"), "version of a SCHEMA key");
        if (value == null) {
          state.removeVersion(subject, version);
          return true;
        }
        JsonObject v = json(value, "value");
        int id = required(v.getInteger("id"), "id of a SCHEMA value");
        String text = required(v.getString("schema"), "schema of a SCHEMA value");
        String schemaType = v.getString("schemaType", "AVRO");
        if (!"AVRO".equalsIgnoreCase(schemaType)) {
          return false;
        }
        Schema schema = new Schema.Parser().setValidateDefaults(false).parse(text);
        state.putSchema(subject, version, id, schema, v.getBoolean("deleted", false));
        return true;
      }
      case "CONFIG" -> {
        String subject = k.getString("subject");
        if (value == null) {
          state.putLevel(subject, null);
          return true;
        }
        JsonObject v = json(value, "value");
        String level = v.getString("compatibilityLevel");
        if (level == null) {
          // A config record with other settings only (e.g. normalize): no level change.
          return true;
        }
        state.putLevel(
            subject,
            CompatibilityLevel.parse(level)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "unknown compatibility level '" + level + "'")));
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static JsonObject json(String text, String what) {
    if (text == null) {
      throw new IllegalArgumentException("null " + what);
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(what + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("missing " + what);
    }
    return value;
  }
}
