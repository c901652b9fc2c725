package io.windowops.executor.catalog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A declared parameter of a catalog action. A plain value must match {@code pattern} in full (or
 * be one of {@code allowed}), contain no control characters and, unless {@code leadingDash}, not
 * start with '-' (so it can never be read as an option). A secret parameter accepts only a
 * reference ({@code env:NAME}, {@code file:/path}).
 */
public record ParamSpec(
    String name,
    Pattern pattern,
    List<String> allowed,
    String defaultValue,
    boolean optional,
    boolean secret,
    boolean leadingDash) {

  /** Why {@code value} is not acceptable, or null if it is. Never echoes a secret. */
  public String problem(String value) {
    if (secret) {
      return SecretRef.parse(value).isPresent()
          ? null
          : "must be a secret reference (env:NAME or file:/path)";
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return "must not contain control characters such as newlines";
      }
    }
    if (!leadingDash && value.startsWith("-")) {
      return "must not start with '-'";
    }
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      return "must be one of " + allowed;
    }
    if (pattern != null && !pattern.matcher(value).matches()) {
      return "must match " + pattern.pattern();
    }
    return null;
  }
}
