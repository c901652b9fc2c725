package io.windowops.executor.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to a secret: {@code env:NAME} (an environment variable of the executor) or {@code
 * file:/absolute/path} (a file, trailing newline dropped). Only the reference travels in events
 * and the catalog; the value is read when the action runs and is redacted from its output.
 */
public record SecretRef(String scheme, String name) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Parses a reference, or empty when {@code text} is not a well-formed one. */
  public static Optional<SecretRef> parse(String text) {
    if (text.startsWith("env:") && ENV_NAME.matcher(text.substring(4)).matches()) {
      return Optional.of(new SecretRef("env", text.substring(4)));
    }
    if (text.startsWith("file:/") && !text.contains("\n") && !text.contains("\0")) {
      return Optional.of(new SecretRef("file", text.substring(5)));
    }
    return Optional.empty();
  }

  /** Reads the secret; the error names the reference, never a value. */
  public String resolve(Map<String, String> environment) {
    if (scheme.equals("env")) {
      String value = environment.get(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalStateException("secret " + this + " is not set");
      }
      return value;
    }
    try {
      String value = Files.readString(Path.of(name), StandardCharsets.UTF_8);
      value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
      if (value.isEmpty()) {
        throw new IllegalStateException("secret " + this + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalStateException("secret " + this + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return scheme + ":" + name;
  }
}
