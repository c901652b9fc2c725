package io.windowops.cli;

/** The CLI's exit codes, the same for every command (each command's --help lists its own). */
final class ExitCodes {

  static final int OK = 0;
  /** The API refused the call (4xx other than 404); its error and the fields at fault are printed. */
  static final int REFUSED = 1;
  /** Bad command line (picocli's own usage code). */
  static final int USAGE = 2;
  /** No such window (404), or nothing about it on the topics. */
  static final int NOT_FOUND = 3;
  /** The server (API, Kafka or schema registry) cannot be reached or answered 5xx. */
  static final int UNREACHABLE = 4;
  /** A followed window ended in a state other than COMPLETED. */
  static final int WINDOW_NOT_COMPLETED = 5;
  /** {@code review}: the window has not ended, so it has no review yet. */
  static final int NOT_ENDED = 6;
  /** The request or command is recorded, but the scheduler did not decide it within the wait. */
  static final int PENDING = 7;

  private ExitCodes() {}
}
