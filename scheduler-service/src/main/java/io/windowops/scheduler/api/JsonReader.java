package io.windowops.scheduler.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of a JSON object and collects every problem with its field path
 * ({@code steps[2].timeoutSeconds}) instead of stopping at the first, so one answer tells the
 * caller everything that is wrong.
 */
final class JsonReader {

  private final List<FieldProblem> problems = new ArrayList<>();

  List<FieldProblem> problems() {
    return problems;
  }

  void problem(String field, String problem) {
    problems.add(new FieldProblem(field, problem));
  }

  /** Flags fields the schema does not know: a typo must not silently drop a setting. */
  void onlyKnown(JsonObject json, String path, Set<String> known) {
    for (String name : json.fieldNames()) {
      if (!known.contains(name)) {
        // An empty key is shown as "" so that the answer still names it.
        problem(join(path, name.isEmpty() ? "\"\"" : name), "is not a known field");
      }
    }
  }

  String string(JsonObject json, String path, String name, boolean required, int maxLength, Pattern pattern) {
    Object value = json.getValue(name);
    String field = join(path, name);
    if (value == null) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String text)) {
      problem(field, "must be a string");
      return null;
    }
    if (required && text.isBlank()) {
      problem(field, "must not be blank");
      return null;
    }
    if (text.length() > maxLength) {
      problem(field, "must be at most " + maxLength + " characters");
      return null;
    }
    if (pattern != null && !pattern.matcher(text).matches()) {
      problem(field, "must match " + pattern.pattern());
      return null;
    }
    return text;
  }

  Integer integer(JsonObject json, String path, String name, boolean required, int min, int max) {
    Object value = json.getValue(name);
    String field = join(path, name);
    if (value == null) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      problem(field, "must be an integer");
      return null;
    }
    if (number.doubleValue() < min || number.doubleValue() > max) {
      problem(field, "must be between " + min + " and " + max);
      return null;
    }
    return number.intValue();
  }

  Double number(JsonObject json, String path, String name, boolean required) {
    Object value = json.getValue(name);
    String field = join(path, name);
    if (value == null) {
      if (required) {
        problem(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      problem(field, "must be a finite number");
      return null;
    }
    return number.doubleValue();
  }

  Boolean bool(JsonObject json, String path, String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      problem(join(path, name), "must be true or false");
      return null;
    }
    return b;
  }

  Instant instant(JsonObject json, String path, String name) {
    String text = string(json, path, name, false, 64, null);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      problem(join(path, name), "must be an ISO-8601 date-time with an offset, e.g. 2026-12-01T02:00:00Z");
      return null;
    }
  }

  <E extends Enum<E>> E enumValue(JsonObject json, String path, String name, Class<E> type, boolean required) {
    String text = string(json, path, name, required, 64, null);
    if (text == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problem(join(path, name), "must be one of " + Arrays.toString(type.getEnumConstants()));
      return null;
    }
  }

  JsonObject object(JsonObject json, String path, String name, boolean required) {
    Object value = json.getValue(name);
    if (value == null) {
      if (required) {
        problem(join(path, name), "is required");
      }
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      problem(join(path, name), "must be an object");
      return null;
    }
    return object;
  }

  /** An array of objects; non-objects are reported and skipped. */
  List<JsonObject> objects(JsonObject json, String path, String name, int maxItems) {
    JsonArray array = array(json, path, name, maxItems);
    List<JsonObject> items = new ArrayList<>();
    for (int i = 0; array != null && i < array.size(); i++) {
      if (array.getValue(i) instanceof JsonObject item) {
        items.add(item);
      } else {
        problem(join(path, name) + "[" + i + "]", "must be an object");
        items.add(null);
      }
    }
    return items;
  }

  List<String> strings(JsonObject json, String path, String name, int maxItems, int maxLength, Pattern pattern) {
    JsonArray array = array(json, path, name, maxItems);
    List<String> items = new ArrayList<>();
    for (int i = 0; array != null && i < array.size(); i++) {
      String field = join(path, name) + "[" + i + "]";
      if (!(array.getValue(i) instanceof String text) || text.isBlank()) {
        problem(field, "must be a non-blank string");
      } else if (text.length() > maxLength) {
        problem(field, "must be at most " + maxLength + " characters");
      } else if (pattern != null && !pattern.matcher(text).matches()) {
        problem(field, "must match " + pattern.pattern());
      } else {
        items.add(text);
      }
    }
    return items;
  }

  /** A flat string-to-string map, e.g. step parameters. */
  Map<String, String> stringMap(JsonObject json, String path, String name, int maxEntries, int maxValueLength) {
    JsonObject object = object(json, path, name, false);
    Map<String, String> map = new LinkedHashMap<>();
    if (object == null) {
      return map;
    }
    if (object.size() > maxEntries) {
      problem(join(path, name), "must have at most " + maxEntries + " entries");
      return map;
    }
    for (String key : object.fieldNames()) {
      Object value = object.getValue(key);
      String field = join(path, name) + "." + key;
      if (!(value instanceof String text)) {
        problem(field, "must be a string");
      } else if (text.length() > maxValueLength) {
        problem(field, "must be at most " + maxValueLength + " characters");
      } else {
        map.put(key, text);
      }
    }
    return map;
  }

  private JsonArray array(JsonObject json, String path, String name, int maxItems) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      problem(join(path, name), "must be an array");
      return null;
    }
    if (array.size() > maxItems) {
      problem(join(path, name), "must have at most " + maxItems + " items");
      return null;
    }
    return array;
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
