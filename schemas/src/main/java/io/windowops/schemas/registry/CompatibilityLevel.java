package io.windowops.schemas.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The compatibility levels of the Confluent Schema Registry API, as sent in {@code PUT /config} and
 * returned by {@code GET /config}. A new schema is checked against the latest version of its
 * subject, or against every version for the {@code *_TRANSITIVE} levels.
 */
public enum CompatibilityLevel {
  /** No check. */
  NONE(false, false, false),
  /** The new schema can read data written with the latest schema. */
  BACKWARD(true, false, false),
  /** The new schema can read data written with every earlier schema. */
  BACKWARD_TRANSITIVE(true, false, true),
  /** The latest schema can read data written with the new schema. */
  FORWARD(false, true, false),
  /** Every earlier schema can read data written with the new schema. */
  FORWARD_TRANSITIVE(false, true, true),
  /** Both {@link #BACKWARD} and {@link #FORWARD}. */
  FULL(true, true, false),
  /** Both {@link #BACKWARD_TRANSITIVE} and {@link #FORWARD_TRANSITIVE}. */
  FULL_TRANSITIVE(true, true, true);

  /** Confluent's message for a level it does not know (error code 42203). */
  public static final String INVALID_LEVEL_MESSAGE =
      "Invalid compatibility level. Valid values are none, backward, forward, full, "
          + "backward_transitive, forward_transitive, and full_transitive";

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** Whether the new schema must read data written with the old ones. */
  public boolean backward() {
    return backward;
  }

  /** Whether the old schemas must read data written with the new one. */
  public boolean forward() {
    return forward;
  }

  /** Whether every earlier version is checked, not only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /** The level with this name, ignoring case (as Confluent does); empty for anything else. */
  public static Optional<CompatibilityLevel> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The level with this name, ignoring case.
   *
   * @throws IllegalArgumentException with Confluent's message for an unknown level
   */
  public static CompatibilityLevel of(String name) {
    return parse(name)
        .orElseThrow(
            () -> new IllegalArgumentException(INVALID_LEVEL_MESSAGE + ", was '" + name + "'"));
  }
}
