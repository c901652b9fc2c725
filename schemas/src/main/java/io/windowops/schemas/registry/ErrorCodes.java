package io.windowops.schemas.registry;

/**
 * The {@code error_code} values of the Confluent Schema Registry API that WindowOps uses. An error
 * body is {@code {"error_code": N, "message": "..."}}; the first three digits of a five-digit code
 * are the HTTP status.
 */
public final class ErrorCodes {

  /** HTTP 404: the subject has no (undeleted) version. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** HTTP 404: the subject exists but not this version. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** HTTP 404: no schema with this id, or the schema is not registered under the subject. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** HTTP 404: the subject has no compatibility level of its own. */
  public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

  /**
   * HTTP 409: the schema is incompatible with earlier versions. Confluent's registry answers 409
   * (Confluent Platform 7 and earlier) or 40901 (8.x); test with {@link
   * SchemaRegistryException#isIncompatible()}, which looks at the HTTP status.
   */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** The code Confluent Platform 8 uses for an incompatible schema (HTTP 409). */
  public static final int INCOMPATIBLE_SCHEMA_V8 = 40901;

  /** HTTP 422: the schema does not parse, is empty, or is not of a supported type. */
  public static final int INVALID_SCHEMA = 42201;

  /** HTTP 422: the version is neither a positive integer nor {@code latest}. */
  public static final int INVALID_VERSION = 42202;

  /** HTTP 422: the compatibility level is not one of {@link CompatibilityLevel}. */
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  /** HTTP 500: the registry's backing store failed. */
  public static final int STORE_ERROR = 50001;

  /** HTTP 500: the backing store did not answer in time. */
  public static final int OPERATION_TIMEOUT = 50002;

  private ErrorCodes() {}
}
