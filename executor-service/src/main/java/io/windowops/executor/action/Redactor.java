package io.windowops.executor.action;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Replaces every secret value resolved for one run wherever it appears in text. */
public final class Redactor {

  public static final String MASK = "[REDACTED]";
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  /** Registers a resolved secret and returns it, so resolution and registration go together. */
  public String secret(String value) {
    secrets.add(value);
    return value;
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so a secret containing another is masked whole.
    for (String s : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /** Bytes to capture beyond the kept output, so a secret cut at the limit is still found. */
  public int longestSecretBytes() {
    return secrets.stream().mapToInt(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).max().orElse(0);
  }
}
