package io.windowops.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject, as {@code GET /subjects/{subject}/versions/{version}} and {@code POST
 * /subjects/{subject}} return it.
 *
 * @param subject the subject
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id (the one in the wire format)
 * @param schema the schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
