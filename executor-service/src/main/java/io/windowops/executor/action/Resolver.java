package io.windowops.executor.action;

import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.catalog.SecretRef;
import io.windowops.executor.catalog.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns catalog {@link Value}s into the strings one run uses, reading secrets only now and
 * registering each with the run's {@link Redactor}.
 */
final class Resolver {

  private final ActionCatalog.Bound bound;
  private final Map<String, String> environment;
  private final Redactor redactor;

  Resolver(ActionCatalog.Bound bound, Map<String, String> environment, Redactor redactor) {
    this.bound = bound;
    this.environment = environment;
    this.redactor = redactor;
  }

  /** The value, or null for an optional parameter that was not given. */
  String resolve(Value value) {
    if (value instanceof Value.Literal literal) {
      return literal.text();
    }
    if (value instanceof Value.Secret secret) {
      return redactor.secret(secret.ref().resolve(environment));
    }
    String name = ((Value.Param) value).name();
    String given = bound.values().get(name);
    if (given != null && bound.action().params().get(name).secret()) {
      return redactor.secret(SecretRef.parse(given).orElseThrow().resolve(environment));
    }
    return given;
  }

  /** A URL: literal parts as written, parameter parts percent-encoded. */
  String url(List<Value> parts) {
    StringBuilder out = new StringBuilder();
    for (Value part : parts) {
      String text = resolve(part);
      out.append(part instanceof Value.Literal ? text : encode(text == null ? "" : text));
    }
    return out.toString();
  }

  /** A body structure with its string leaves resolved. */
  Object body(Object node) {
    if (node instanceof Value v) {
      return resolve(v);
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put((String) k, body(v)));
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(this::body).toList();
    }
    return node;
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
