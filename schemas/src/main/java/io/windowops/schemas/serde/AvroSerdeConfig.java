package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the Avro serializers and deserializers when Kafka creates them from class names; the
 * names are Confluent's, so the same client configuration works with either implementation.
 */
public final class AvroSerdeConfig {

  /** Comma-separated registry URL(s). */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** {@code true} (default): the serializer registers its schema; otherwise it only looks it up. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** {@code user:password} for HTTP basic authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Class name of the generated Avro class a key deserializer produces. */
  public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

  /** Class name of the generated Avro class a value deserializer produces. */
  public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

  private AvroSerdeConfig() {}

  static SchemaRegistryClient client(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(
          "Missing " + SCHEMA_REGISTRY_URL + ": the Avro serde needs the schema registry URL");
    }
    SchemaRegistryClient.Builder builder = SchemaRegistryClient.builder(url.toString());
    Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
    if (userInfo != null && !userInfo.toString().isBlank()) {
      builder.userInfo(userInfo.toString());
    }
    return builder.build();
  }

  static boolean autoRegister(Map<String, ?> configs) {
    Object value = configs.get(AUTO_REGISTER_SCHEMAS);
    return value == null || Boolean.parseBoolean(value.toString().trim());
  }
}
