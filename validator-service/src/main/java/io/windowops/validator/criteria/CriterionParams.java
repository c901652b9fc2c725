package io.windowops.validator.criteria;

import io.windowops.events.CriterionSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to a criterion's kind-specific {@code params}, with errors that name the criterion
 * and the parameter.
 */
public final class CriterionParams {

  private static final Pattern PROM_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final CriterionSpec spec;

  public CriterionParams(CriterionSpec spec) {
    this.spec = spec;
  }

  public String criterionId() {
    return spec.getCriterionId();
  }

  private Map<String, String> params() {
    return spec.getParams() == null ? Map.of() : spec.getParams();
  }

  public String text(String name, String fallback) {
    String v = params().get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** One of {@code allowed} (case-insensitive), returned in lower case. */
  public String oneOf(String name, String fallback, Set<String> allowed) {
    String v = text(name, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw invalid(name, "must be one of " + allowed.stream().sorted().toList() + ", was '" + v + "'");
    }
    return v;
  }

  public int integer(String name, int fallback, int min, int max) {
    String raw = text(name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v < min || v > max) {
        throw invalid(name, "must be between " + min + " and " + max + ", was " + raw);
      }
      return v;
    } catch (NumberFormatException e) {
      throw invalid(name, "must be an integer, was '" + raw + "'");
    }
  }

  /** A duration as ISO-8601 ({@code PT5M}) or Prometheus style ({@code 5m}, {@code 30s}). */
  public Duration duration(String name, Duration fallback) {
    String raw = text(name, null);
    if (raw == null) {
      return fallback;
    }
    Matcher m = PROM_DURATION.matcher(raw);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration d = Duration.parse(raw);
      if (d.isNegative() || d.isZero()) {
        throw invalid(name, "must be positive, was '" + raw + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw invalid(name, "must be a duration such as 5m or PT5M, was '" + raw + "'");
    }
  }

  /** The query, required for every kind but HTTP. */
  public String query() {
    String q = spec.getQuery();
    if (q == null || q.isBlank()) {
      throw new InvalidCriterionException(
          "criterion " + criterionId() + ": query is required for a " + spec.getKind() + " criterion");
    }
    return q;
  }

  public InvalidCriterionException invalid(String name, String problem) {
    return new InvalidCriterionException("criterion " + criterionId() + ": params." + name + " " + problem);
  }

  /** A criterion that cannot be measured as declared; its measurements are inconclusive. */
  public static final class InvalidCriterionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidCriterionException(String message) {
      super(message);
    }
  }
}
