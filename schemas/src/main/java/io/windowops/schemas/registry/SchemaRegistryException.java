package io.windowops.schemas.registry;

/**
 * A schema registry call that failed. Three kinds are told apart:
 *
 * <ul>
 *   <li>{@link Kind#API_ERROR}: the registry answered with an error; {@link #httpStatus()}, {@link
 *       #errorCode()} (Confluent's {@code error_code}) and {@link #registryMessage()} say which;
 *   <li>{@link Kind#UNREACHABLE}: no registry answered (connection refused, timeout, I/O error);
 *   <li>{@link Kind#INVALID_RESPONSE}: an answer that is not what the API promises.
 * </ul>
 *
 * <p>The message names the method, the URL (never credentials) and the subject, if any.
 */
public class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** The registry answered with an HTTP error status. */
    API_ERROR,
    /** No registry could be reached or none answered in time. */
    UNREACHABLE,
    /** The registry answered something this client cannot understand. */
    INVALID_RESPONSE
  }

  /** {@link #errorCode()} when the answer carried none. */
  public static final int NO_ERROR_CODE = -1;

  private final Kind kind;
  private final int httpStatus;
  private final int errorCode;
  private final String registryMessage;
  private final String url;
  private final String subject;

  private SchemaRegistryException(
      Kind kind,
      String message,
      int httpStatus,
      int errorCode,
      String registryMessage,
      String url,
      String subject,
      Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
    this.url = url;
    this.subject = subject;
  }

  /** The registry answered {@code status} with Confluent's error body (or none). */
  public static SchemaRegistryException apiError(
      String method,
      String url,
      String subject,
      int status,
      int errorCode,
      String registryMessage) {
    String text =
        "Schema registry answered "
            + method
            + " "
            + url
            + forSubject(subject)
            + " with HTTP "
            + status
            + (errorCode == NO_ERROR_CODE ? "" : ", error_code " + errorCode)
            + ": "
            + registryMessage;
    return new SchemaRegistryException(
        Kind.API_ERROR, text, status, errorCode, registryMessage, url, subject, null);
  }

  /** No registry answered {@code method url}. */
  public static SchemaRegistryException unreachable(
      String method, String url, String subject, Throwable cause) {
    String text =
        "Schema registry unreachable: "
            + method
            + " "
            + url
            + forSubject(subject)
            + " failed: "
            + cause;
    return new SchemaRegistryException(
        Kind.UNREACHABLE, text, 0, NO_ERROR_CODE, null, url, subject, cause);
  }

  /** The registry's answer to {@code method url} broke the API's promise. */
  public static SchemaRegistryException invalidResponse(
      String method, String url, String subject, String problem, Throwable cause) {
    String text =
        "Schema registry gave an unexpected answer to "
            + method
            + " "
            + url
            + forSubject(subject)
            + ": "
            + problem;
    return new SchemaRegistryException(
        Kind.INVALID_RESPONSE, text, 0, NO_ERROR_CODE, null, url, subject, cause);
  }

  private static String forSubject(String subject) {
    return subject == null ? "" : " for subject '" + subject + "'";
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of an {@link Kind#API_ERROR}; 0 for the other kinds. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent's {@code error_code}, or {@link #NO_ERROR_CODE}. */
  public int errorCode() {
    return errorCode;
  }

  /** The registry's own {@code message}, or null when it did not answer. */
  public String registryMessage() {
    return registryMessage;
  }

  /** The URL that was called, without credentials. */
  public String url() {
    return url;
  }

  /** The subject the call was about, or null. */
  public String subject() {
    return subject;
  }

  /** No registry could be reached: a transient fault, not a verdict about the data. */
  public boolean isConnectionFailure() {
    return kind == Kind.UNREACHABLE;
  }

  /** HTTP 404: subject, version or schema unknown ({@link #errorCode()} says which). */
  public boolean isNotFound() {
    return kind == Kind.API_ERROR && httpStatus == 404;
  }

  /** HTTP 409: the schema is incompatible with earlier versions of the subject. */
  public boolean isIncompatible() {
    return kind == Kind.API_ERROR && httpStatus == 409;
  }

  /**
   * Whether trying again later may succeed: the registry was unreachable, or answered with a server
   * error (5xx), 408 or 429.
   */
  public boolean isRetriable() {
    return kind == Kind.UNREACHABLE
        || (kind == Kind.API_ERROR
            && (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429));
  }
}
