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

  @Override
  public synchronized SchemaRegistryException getCause() {
    return (SchemaRegistryException) super.getCause();
  }
}
