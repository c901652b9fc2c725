package io.windowops.notifier.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A secret named by reference ({@code env:NAME} or {@code file:/path}), resolved only when a
 * channel needs it, so the policy file, events and logs never hold the value.
 */
public record SecretRef(String ref) {

  public SecretRef {
    if (ref == null || !(ref.startsWith("env:") || ref.startsWith("file:")) || ref.indexOf(':') == ref.length() - 1) {
      throw new IllegalArgumentException("must be a reference env:NAME or file:/path, not a value");
    }
  }

  /** Resolves from the process environment and file system. */
  public String resolve() {
    return resolve(System::getenv);
  }

  /** Resolves with the given environment lookup (tests pass their own). */
  public String resolve(UnaryOperator<String> env) {
    String name = ref.substring(ref.indexOf(':') + 1);
    if (ref.startsWith("env:")) {
      String value = env.apply(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalStateException("secret " + ref + " is not set in the environment");
      }
      return value;
    }
    try {
      return Files.readString(Path.of(name)).strip();
    } catch (IOException e) {
      throw new IllegalStateException("secret " + ref + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** The reference, never the value. */
  @Override
  public String toString() {
    return ref;
  }
}
