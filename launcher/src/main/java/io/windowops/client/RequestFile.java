package io.windowops.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A window request file, JSON or YAML (by extension; JSON is YAML too), as the JSON body the API
 * takes. YAML is read with the safe constructor (plain data only); an unquoted YAML timestamp
 * becomes its ISO-8601 text again, as the API expects.
 */
public final class RequestFile {

  private RequestFile() {}

  public static JsonObject read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".json")) {
      try {
        return new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        throw new IllegalArgumentException(file + " is not a JSON object: " + e.getMessage());
      }
    }
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + " must hold one window request (a mapping of fields)");
    }
    Map<String, Object> fields = plain(map);
    return new JsonObject(fields);
  }

  @SuppressWarnings("unchecked")
  private static <T> T plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      return (T) list.stream().map(RequestFile::plain).toList();
    }
    if (value instanceof Date date) {
      return (T) date.toInstant().toString();
    }
    return (T) value;
  }
}
