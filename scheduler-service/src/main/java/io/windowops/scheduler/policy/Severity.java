package io.windowops.scheduler.policy;

import java.util.Locale;
import java.util.Optional;

/** Incident severity: P0 (page at once) to P3 (for information). */
public enum Severity {
  P0,
  P1,
  P2,
  P3;

  /** The severity a text names ({@code P1}, {@code p1}), or empty. */
  public static Optional<Severity> of(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Severity parse(String text) {
    return of(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a severity (P0, P1, P2 or P3)"));
  }
}
