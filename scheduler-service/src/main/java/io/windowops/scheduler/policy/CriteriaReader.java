package io.windowops.scheduler.policy;

import io.windowops.events.ComparisonOperator;
import io.windowops.events.CriterionKind;
import io.windowops.events.CriterionSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads validator criteria declared in a policy (an alert runbook's verification), with the
 * names of a window request's criteria: {@code id}, {@code kind} (prometheus, loki, http,
 * baseline), {@code query} or {@code url}, {@code comparator}, {@code threshold}, {@code every}
 * (the interval), {@code count}, the failure limits and {@code params}.
 */
final class CriteriaReader {

  private CriteriaReader() {}

  static List<CriterionSpec> criteria(YamlSection s, String key) {
    List<CriterionSpec> criteria = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlSection c : s.sections(key)) {
      c.allowOnly("id", "kind", "query", "url", "comparator", "threshold", "every", "count",
          "consecutiveFailureLimit", "failureLimit", "inconclusiveLimit", "params");
      Optional<String> id = c.required("id", PolicyValues::name);
      Optional<CriterionKind> kind = c.required("kind", t -> enumValue(CriterionKind.class, t));
      Optional<ComparisonOperator> comparator = c.required("comparator", t -> enumValue(ComparisonOperator.class, t));
      Optional<Double> threshold = c.required("threshold", CriteriaReader::number);
      Optional<String> query = c.text("query");
      Optional<String> url = c.text("url");
      if (kind.filter(k -> k == CriterionKind.HTTP).isPresent() && url.isEmpty()) {
        c.error("url", "is required for an http criterion");
      } else if (kind.filter(k -> k != CriterionKind.HTTP).isPresent() && query.isEmpty()) {
        c.error("query", "is required for a " + kind.get().name().toLowerCase(Locale.ROOT) + " criterion");
      }
      int every = (int) c.value("every", PolicyValues::positiveDuration).orElse(Duration.ofMinutes(1)).toSeconds();
      int count = c.value("count", PolicyValues::positiveInt).orElse(1);
      Map<String, String> params = new LinkedHashMap<>();
      c.section("params").ifPresent(p -> p.keys().forEach(k -> p.text(k).ifPresent(v -> params.put(k, v))));
      if (id.isPresent() && !ids.add(id.get())) {
        c.error("id", "duplicate criterion id '" + id.get() + "'");
      }
      if (id.isEmpty() || kind.isEmpty() || comparator.isEmpty() || threshold.isEmpty()) {
        continue;
      }
      criteria.add(
          CriterionSpec.newBuilder()
              .setCriterionId(id.get())
              .setKind(kind.get())
              .setQuery(query.orElse(null))
              .setUrl(url.orElse(null))
              .setComparator(comparator.get())
              .setThreshold(threshold.get())
              .setIntervalSeconds(every)
              .setCount(count)
              .setConsecutiveFailureLimit(limit(c, "consecutiveFailureLimit"))
              .setFailureLimit(limit(c, "failureLimit"))
              .setInconclusiveLimit(limit(c, "inconclusiveLimit"))
              .setParams(params)
              .build());
    }
    return List.copyOf(criteria);
  }

  private static int limit(YamlSection c, String key) {
    return c.value(key, t -> {
      int n = Integer.parseInt(t.strip());
      if (n < 0) {
        throw new IllegalArgumentException("'" + t + "' must not be negative");
      }
      return n;
    }).orElse(0);
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
    String name = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> known = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", known));
  }
}
