package io.windowops.validator.criteria;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.CriterionSpec;

/**
 * Reads the answer of Loki's {@code /loki/api/v1/query_range} and judges the count it yields. A log
 * query ({@code streams}) counts the lines returned; a metric query ({@code matrix}, e.g. {@code
 * count_over_time}) adds up the latest sample of every series. No matching line is a count of 0,
 * which is data, not its absence.
 */
public final class LokiResult {

  private LokiResult() {}

  /** The count an answer yields. */
  public static double count(JsonObject body) {
    if (body == null) {
      throw new UnusableAnswerException("empty answer");
    }
    if (!"success".equals(body.getString("status"))) {
      Object error = body.getValue("error", body.getValue("message", "no error text"));
      throw new UnusableAnswerException("query failed: " + error);
    }
    JsonObject data = body.getJsonObject("data");
    if (data == null) {
      throw new UnusableAnswerException("answer has no data");
    }
    String type = data.getString("resultType", "");
    JsonArray result = data.getJsonArray("result", new JsonArray());
    double count = 0;
    for (int i = 0; i < result.size(); i++) {
      JsonObject entry = result.getJsonObject(i);
      JsonArray values = entry.getJsonArray("values", new JsonArray());
      switch (type) {
        case "streams" -> count += values.size();
        case "matrix" -> {
          if (!values.isEmpty()) {
            count += number(values.getJsonArray(values.size() - 1).getValue(1));
          }
        }
        default -> throw new UnusableAnswerException("result type '" + type + "' cannot be counted");
      }
    }
    return count;
  }

  /** Judges one answer; {@code limit} is the line limit the query was sent with. */
  public static Reading evaluate(JsonObject body, CriterionSpec spec, int limit) {
    double count;
    try {
      count = count(body);
    } catch (UnusableAnswerException e) {
      return Reading.inconclusive(e.getMessage());
    }
    boolean held = Comparison.holds(spec.getComparator(), count, spec.getThreshold());
    String detail = "count " + Comparison.describe(spec.getComparator(), count, spec.getThreshold(), held);
    if ("streams".equals(body.getJsonObject("data").getString("resultType")) && count >= limit) {
      detail += " (line limit " + limit + " reached: the true count may be higher)";
    }
    return Reading.judged(held, count, detail);
  }

  private static double number(Object raw) {
    try {
      return Double.parseDouble(String.valueOf(raw));
    } catch (NumberFormatException e) {
      throw new UnusableAnswerException("sample value '" + raw + "' is not a number");
    }
  }
}
