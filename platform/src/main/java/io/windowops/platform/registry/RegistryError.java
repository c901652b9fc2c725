package io.windowops.platform.registry;

import io.vertx.core.json.JsonObject;
import io.windowops.schemas.registry.CompatibilityLevel;
import io.windowops.schemas.registry.ErrorCodes;
import java.util.List;

/**
 * An answer of the registry API that is an error: HTTP status, Confluent's {@code error_code} and
 * message, with the texts Confluent's registry uses.
 */
final class RegistryError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  private RegistryError(int status, int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  int status() {
    return status;
  }

  int errorCode() {
    return errorCode;
  }

  /** The body Confluent sends: {@code {"error_code": N, "message": "..."}}. */
  JsonObject body() {
    return new JsonObject().put("error_code", errorCode).put("message", getMessage());
  }

  static RegistryError subjectNotFound(String subject) {
    return new RegistryError(
        404, ErrorCodes.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.", null);
  }

  static RegistryError versionNotFound(int version) {
    return new RegistryError(
        404, ErrorCodes.VERSION_NOT_FOUND, "Version " + version + " not found.", null);
  }

  /** The schema is not registered under the subject (lookup). */
  static RegistryError schemaNotFound() {
    return new RegistryError(404, ErrorCodes.SCHEMA_NOT_FOUND, "Schema not found", null);
  }

  static RegistryError schemaNotFound(int id) {
    return new RegistryError(404, ErrorCodes.SCHEMA_NOT_FOUND, "Schema " + id + " not found", null);
  }

  static RegistryError subjectLevelNotConfigured(String subject) {
    return new RegistryError(
        404,
        ErrorCodes.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
        "Subject '" + subject + "' does not have subject-level compatibility configured",
        null);
  }

  static RegistryError incompatible(String subject, List<String> messages) {
    return new RegistryError(
        409,
        ErrorCodes.INCOMPATIBLE_SCHEMA,
        "Schema being registered is incompatible with an earlier schema for subject \""
            + subject
            + "\", details: "
            + messages,
        null);
  }

  static RegistryError invalidSchema(String detail) {
    return new RegistryError(422, ErrorCodes.INVALID_SCHEMA, detail, null);
  }

  static RegistryError invalidVersion(String version) {
    return new RegistryError(
        422,
        ErrorCodes.INVALID_VERSION,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"",
        null);
  }

  static RegistryError invalidLevel() {
    return new RegistryError(
        422,
        ErrorCodes.INVALID_COMPATIBILITY_LEVEL,
        CompatibilityLevel.INVALID_LEVEL_MESSAGE,
        null);
  }

  static RegistryError storeError(String message, Throwable cause) {
    return new RegistryError(500, ErrorCodes.STORE_ERROR, message, cause);
  }

  static RegistryError storeTimeout(String message, Throwable cause) {
    return new RegistryError(500, ErrorCodes.OPERATION_TIMEOUT, message, cause);
  }

  /** A plain HTTP error, as Confluent's REST layer reports one: the code is the status. */
  static RegistryError http(int status, String reason) {
    return new RegistryError(status, status, "HTTP " + status + " " + reason, null);
  }

  /** A request body that is not the JSON the endpoint expects. */
  static RegistryError badRequest(String message) {
    return new RegistryError(400, 400, message, null);
  }
}
