package io.windowops.validator.criteria;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.events.CriterionSpec;

/**
 * Judges a health endpoint's response: the status must be {@code params.expectedStatus} (200 by
 * default). With {@code params.jsonPath} (dotted, e.g. {@code status} or {@code checks.0.state}),
 * that field must equal {@code params.expectedValue} if given, else it must be a number that
 * satisfies the comparator and threshold. A missing field or a body that is not JSON fails: the
 * endpoint answered, and not as required.
 */
public final class HttpCheck {

  private HttpCheck() {}

  public static Reading evaluate(int status, String body, CriterionSpec spec) {
    CriterionParams params = new CriterionParams(spec);
    int expectedStatus = params.integer("expectedStatus", 200, 100, 599);
    String jsonPath = params.text("jsonPath", null);
    if (status != expectedStatus) {
      return Reading.failed((double) status, "status " + status + ", expected " + expectedStatus);
    }
    if (jsonPath == null) {
      return Reading.passed(status, "status " + status);
    }
    Object field;
    try {
      field = field(body, jsonPath);
    } catch (DecodeException | ClassCastException e) {
      return Reading.failed((double) status, "status " + status + " but the body is not JSON");
    }
    if (field == null) {
      return Reading.failed((double) status, "status " + status + " but " + jsonPath + " is missing");
    }
    String expectedValue = params.text("expectedValue", null);
    if (expectedValue != null) {
      boolean equal = expectedValue.equals(String.valueOf(field));
      return equal
          ? Reading.passed(status, jsonPath + " is '" + field + "'")
          : Reading.failed((double) status, jsonPath + " is '" + field + "', expected '" + expectedValue + "'");
    }
    if (!(field instanceof Number number)) {
      return Reading.failed(
          (double) status, jsonPath + " is '" + field + "', not a number; set params.expectedValue to compare text");
    }
    double value = number.doubleValue();
    boolean held = Comparison.holds(spec.getComparator(), value, spec.getThreshold());
    return Reading.judged(held, value,
        jsonPath + " " + Comparison.describe(spec.getComparator(), value, spec.getThreshold(), held));
  }

  /** The value at a dotted path ({@code $.} prefix allowed; numeric segments index arrays). */
  static Object field(String body, String path) {
    Object current = body == null || body.isBlank() ? null : io.vertx.core.json.Json.decodeValue(body);
    if (current == null) {
      throw new DecodeException("empty body");
    }
    String p = path.startsWith("$.") ? path.substring(2) : path;
    for (String segment : p.split("\\.")) {
      if (current instanceof JsonObject o) {
        current = o.getValue(segment);
      } else if (current instanceof JsonArray a && segment.matches("\\d+")) {
        int i = Integer.parseInt(segment);
        current = i < a.size() ? a.getValue(i) : null;
      } else {
        return null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
