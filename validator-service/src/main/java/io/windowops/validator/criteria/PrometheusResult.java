package io.windowops.validator.criteria;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.CriterionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the answer of Prometheus' instant query API ({@code /api/v1/query}) and judges it against a
 * criterion. A vector is judged series by series: with {@code params.match=all} (the default)
 * every series must pass, with {@code any} one suffices. An empty vector, or only NaN samples, is
 * no data: inconclusive.
 */
public final class PrometheusResult {

  private static final Set<String> MATCH = Set.of("all", "any");
  private static final int SERIES_IN_DETAIL = 3;

  /** One sample: the series' labels as text ({@code {job="api"}}) and its value. */
  public record Sample(String labels, double value) {}

  private PrometheusResult() {}

  /**
   * The samples of a successful answer; an empty list when there is no data.
   *
   * @throws UnusableAnswerException for an error answer, a matrix or string result, or bad JSON
   */
  public static List<Sample> samples(JsonObject body) {
    if (body == null) {
      throw new UnusableAnswerException("empty answer");
    }
    if (!"success".equals(body.getString("status"))) {
      throw new UnusableAnswerException(
          "query failed: " + body.getString("errorType", "?") + ": " + body.getString("error", "no error text"));
    }
    JsonObject data = body.getJsonObject("data");
    if (data == null) {
      throw new UnusableAnswerException("answer has no data");
    }
    String type = data.getString("resultType", "");
    return switch (type) {
      case "vector" -> vector(data.getJsonArray("result", new JsonArray()));
      case "scalar" -> {
        double v = sampleValue(data.getJsonArray("result"));
        yield Double.isNaN(v) ? List.of() : List.of(new Sample("scalar", v));
      }
      default ->
          throw new UnusableAnswerException(
              "result type '" + type + "' cannot be compared; write an instant vector or scalar query");
    };
  }

  /** Judges one answer against the criterion's comparator and threshold. */
  public static Reading evaluate(JsonObject body, CriterionSpec spec) {
    String match = new CriterionParams(spec).oneOf("match", "all", MATCH);
    List<Sample> samples;
    try {
      samples = samples(body);
    } catch (UnusableAnswerException e) {
      return Reading.inconclusive(e.getMessage());
    }
    if (samples.isEmpty()) {
      return Reading.inconclusive("no data: the query returned no series");
    }
    List<Sample> passing = new ArrayList<>();
    List<Sample> failing = new ArrayList<>();
    for (Sample s : samples) {
      (Comparison.holds(spec.getComparator(), s.value(), spec.getThreshold()) ? passing : failing).add(s);
    }
    boolean passes = match.equals("all") ? failing.isEmpty() : !passing.isEmpty();
    // The value shown is the one that decided: a failing series, or a passing one.
    Sample decisive =
        passes ? (match.equals("any") ? passing.get(0) : samples.get(0)) : failing.get(0);
    String detail = Comparison.describe(spec.getComparator(), decisive.value(), spec.getThreshold(),
        Comparison.holds(spec.getComparator(), decisive.value(), spec.getThreshold()));
    if (samples.size() > 1 || !decisive.labels().equals("scalar")) {
      detail += " for " + decisive.labels();
    }
    if (samples.size() > 1) {
      detail += "; " + passing.size() + " of " + samples.size() + " series pass (match " + match + ")";
      if (!failing.isEmpty()) {
        detail += "; failing: " + labelsOf(failing);
      }
    }
    return Reading.judged(passes, decisive.value(), detail);
  }

  /**
   * The single value of an answer, for baselines: a scalar or a one-series vector.
   *
   * @throws UnusableAnswerException when there is no data or more than one series
   */
  public static Sample single(JsonObject body) {
    List<Sample> samples = samples(body);
    if (samples.isEmpty()) {
      throw new UnusableAnswerException("no data: the query returned no series");
    }
    if (samples.size() > 1) {
      throw new UnusableAnswerException(
          "the query returned " + samples.size() + " series (" + labelsOf(samples)
              + "); a baseline needs one, e.g. aggregate with sum() or max()");
    }
    return samples.get(0);
  }

  private static List<Sample> vector(JsonArray result) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      JsonObject series = result.getJsonObject(i);
      double v = sampleValue(series.getJsonArray("value"));
      if (!Double.isNaN(v)) {
        samples.add(new Sample(labels(series.getJsonObject("metric", new JsonObject())), v));
      }
    }
    return samples;
  }

  /** A sample is {@code [unixSeconds, "value"]}; values are strings, including NaN and ±Inf. */
  private static double sampleValue(JsonArray pair) {
    if (pair == null || pair.size() != 2) {
      throw new UnusableAnswerException("malformed sample " + pair);
    }
    String raw = String.valueOf(pair.getValue(1));
    try {
      return switch (raw) {
        case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(raw);
      };
    } catch (NumberFormatException e) {
      throw new UnusableAnswerException("sample value '" + raw + "' is not a number");
    }
  }

  /** The series as PromQL writes it: {@code name{label="value",...}}, labels sorted. */
  private static String labels(JsonObject metric) {
    StringBuilder sb = new StringBuilder();
    StringBuilder inner = new StringBuilder();
    new TreeMap<>(metric.getMap())
        .forEach((k, v) -> {
          if (k.equals("__name__")) {
            sb.append(v);
          } else {
            inner.append(inner.length() > 0 ? "," : "").append(k).append("=\"").append(v).append('"');
          }
        });
    return sb.append('{').append(inner).append('}').toString();
  }

  private static String labelsOf(List<Sample> samples) {
    List<String> names = samples.stream().limit(SERIES_IN_DETAIL).map(Sample::labels).toList();
    String more = samples.size() > SERIES_IN_DETAIL ? " and " + (samples.size() - SERIES_IN_DETAIL) + " more" : "";
    return String.join(", ", names) + more;
  }
}
