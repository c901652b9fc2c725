package io.windowops.schemas.serde;

import io.windowops.schemas.registry.SchemaRegistryException;
import org.apache.kafka.common.KafkaException;

/**
 * A serializer or deserializer could not reach the schema registry, or the registry failed on its
 * side (5xx). This says nothing about the record, which is fine: retry later rather than
 * dead-lettering it. Deliberately not a {@link
 * org.apache.kafka.common.errors.SerializationException}, which means "this record is bad".
 */
public class SchemaRegistryUnavailableException extends KafkaException {

  private static final long serialVersionUID = 1L;

  public SchemaRegistryUnavailableException(String message, SchemaRegistryException cause) {
    super(message + ": " + cause.getMessage(), cause);
  }

  /**
   * Whether {@code e} (e.g. a consumer's {@code RecordDeserializationException}) comes from an
   * unreachable registry, not from a bad record: readers that skip bad records must not skip
   * these, or they would lose good records to a registry hiccup.
   */
  public static boolean isCauseOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized SchemaRegistryException getCause() {
    return (SchemaRegistryException) super.getCause();
  }
}
