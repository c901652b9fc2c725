package io.windowops.notifier.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the routing policy (see {@code examples/notifier.yaml}). Every error names
 * the field by its path, e.g. {@code targets.ops-slack.webhookUrl}, and unknown keys are errors,
 * so a typo never silently drops a notice.
 */
public final class PolicyLoader {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final String SLACK_API = "https://slack.com/api";
  private static final String STATUSPAGE_API = "https://api.statuspage.io/v1";

  private PolicyLoader() {}

  public static RoutingPolicy load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new PolicyException(file.toString(), "cannot be read (" + e.getMessage() + ")");
    }
  }

  public static RoutingPolicy parse(String yaml, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (YAMLException e) {
      throw new PolicyException(source, "is not valid YAML: " + e.getMessage());
    }
    Node top = new Node(source, "", root == null ? Map.of() : root);
    Map<String, Object> doc = top.map(Set.of("smtp", "targets", "routes", "audiences"));

    Optional<SmtpSettings> smtp = Optional.ofNullable(doc.get("smtp")).map(s -> smtp(top.child("smtp", s)));
    Map<String, Target> targets = new LinkedHashMap<>();
    Node targetsNode = top.child("targets", top.required(doc, "targets"));
    targetsNode.map(null).forEach((name, value) -> targets.put(name, target(targetsNode.child(name, value), name)));
    if (targets.isEmpty()) {
      throw targetsNode.error("must name at least one target");
    }
    if (smtp.isEmpty()) {
      targets.values().stream()
          .filter(t -> t instanceof Target.Email)
          .findFirst()
          .ifPresent(t -> {
            throw top.child("smtp", null).error("is required because target '" + t.name() + "' is an email target");
          });
    }

    List<Route> routes = new ArrayList<>();
    Node routesNode = top.child("routes", top.required(doc, "routes"));
    List<Object> routeList = routesNode.list();
    for (int i = 0; i < routeList.size(); i++) {
      routes.add(route(routesNode.child(String.valueOf(i), routeList.get(i)), targets));
    }

    Map<String, Route> audiences = new LinkedHashMap<>();
    if (doc.get("audiences") != null) {
      Node audNode = top.child("audiences", doc.get("audiences"));
      audNode.map(null).forEach((name, value) -> audiences.put(name, audience(audNode.child(name, value), targets)));
    }
    return new RoutingPolicy(Map.copyOf(targets), List.copyOf(routes), Map.copyOf(audiences), smtp);
  }

  private static SmtpSettings smtp(Node node) {
    Map<String, Object> m = node.map(Set.of("host", "port", "startTls", "ssl", "username", "password"));
    String host = node.string(m, "host", true);
    int port = node.integer(m, "port", 587, 1, 65535);
    SmtpSettings.StartTls startTls =
        node.enumValue(m, "startTls", SmtpSettings.StartTls.class, SmtpSettings.StartTls.REQUIRED);
    boolean ssl = Boolean.TRUE.equals(node.bool(m, "ssl", false));
    Optional<String> username = Optional.ofNullable(node.string(m, "username", false));
    Optional<SecretRef> password = Optional.ofNullable(node.secret(m, "password", false));
    if (username.isPresent() != password.isPresent()) {
      throw node.error("username and password go together");
    }
    return new SmtpSettings(host, port, startTls, ssl, username, password);
  }

  private static Target target(Node node, String name) {
    if (!NAME.matcher(name).matches()) {
      throw node.error("target name must be lower-case letters, digits, '.', '_' or '-'");
    }
    Map<String, Object> raw = node.map(null);
    String type = node.string(raw, "type", true);
    return switch (type) {
      case "email" -> {
        Map<String, Object> m = node.map(Set.of("type", "to", "from"));
        List<String> to = node.stringList(m, "to", true);
        for (int i = 0; i < to.size(); i++) {
          if (!EMAIL.matcher(to.get(i)).matches()) {
            throw node.child("to", null).child(String.valueOf(i), null).error("'" + to.get(i) + "' is not an email address");
          }
        }
        String from = node.string(m, "from", true);
        if (!EMAIL.matcher(from).matches()) {
          throw node.child("from", null).error("'" + from + "' is not an email address");
        }
        yield new Target.Email(name, to, from);
      }
      case "slack" -> {
        Map<String, Object> m = node.map(Set.of("type", "channel", "webhookUrl", "botToken", "apiBase"));
        String channel = node.string(m, "channel", true);
        Optional<SecretRef> webhook = Optional.ofNullable(node.secret(m, "webhookUrl", false));
        Optional<SecretRef> token = Optional.ofNullable(node.secret(m, "botToken", false));
        if (webhook.isPresent() == token.isPresent()) {
          throw node.error("needs exactly one of webhookUrl or botToken");
        }
        yield new Target.Slack(name, channel, webhook, token, url(node, m, "apiBase", SLACK_API));
      }
      case "webhook" -> {
        Map<String, Object> m = node.map(Set.of("type", "url", "secret"));
        yield new Target.Webhook(name, url(node, m, "url", null), node.secret(m, "secret", true));
      }
      case "statuspage" -> {
        Map<String, Object> m = node.map(Set.of("type", "pageId", "apiKey", "components", "apiBase"));
        yield new Target.Statuspage(
            name,
            node.string(m, "pageId", true),
            node.secret(m, "apiKey", true),
            m.containsKey("components") ? node.stringList(m, "components", false) : List.of(),
            url(node, m, "apiBase", STATUSPAGE_API));
      }
      case "status-page" -> {
        node.map(Set.of("type"));
        yield new Target.StatusPage(name);
      }
      default ->
          throw node.child("type", null).error("unknown target type '" + type + "' (email, slack, webhook, statuspage, status-page)");
    };
  }

  private static Route route(Node node, Map<String, Target> targets) {
    Map<String, Object> m = node.map(Set.of("when", "targets"));
    Set<String> envs = Set.of();
    Set<MaintenanceType> types = Set.of();
    Set<NoticeKind> notices = Set.of();
    Set<String> severities = Set.of();
    Set<String> escalateTo = Set.of();
    if (m.get("when") != null) {
      Node when = node.child("when", m.get("when"));
      Map<String, Object> w = when.map(Set.of("environments", "types", "notices", "severities", "escalateTo"));
      if (w.containsKey("severities")) {
        severities = Set.copyOf(when.stringList(w, "severities", true));
        for (String s : severities) {
          if (!s.matches("P[0-3]")) {
            throw when.child("severities", w.get("severities")).error("unknown severity '" + s + "' (P0, P1, P2, P3)");
          }
        }
      }
      if (w.containsKey("escalateTo")) {
        escalateTo = Set.copyOf(when.stringList(w, "escalateTo", true));
      }
      if (w.containsKey("environments")) {
        envs = Set.copyOf(when.stringList(w, "environments", true));
      }
      if (w.containsKey("types")) {
        types = when.enumSet(w, "types", MaintenanceType.class);
      }
      if (w.containsKey("notices")) {
        notices = when.enumSet(w, "notices", NoticeKind.class);
      }
    }
    return new Route(envs, types, notices, severities, escalateTo, targetNames(node.child("targets", node.required(m, "targets")), targets));
  }

  /** An audience: a list of targets (every notice), or {@code {targets, notices}} for those notices only. */
  private static Route audience(Node node, Map<String, Target> targets) {
    if (!(node.value() instanceof Map<?, ?>)) {
      return new Route(Set.of(), Set.of(), Set.of(), targetNames(node, targets));
    }
    Map<String, Object> m = node.map(Set.of("targets", "notices"));
    Set<NoticeKind> notices = m.containsKey("notices") ? node.enumSet(m, "notices", NoticeKind.class) : Set.of();
    return new Route(Set.of(), Set.of(), notices, targetNames(node.child("targets", node.required(m, "targets")), targets));
  }

  private static List<String> targetNames(Node node, Map<String, Target> targets) {
    List<Object> names = node.list();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Object n = names.get(i);
      if (!(n instanceof String s) || !targets.containsKey(s)) {
        throw node.child(String.valueOf(i), n).error("'" + n + "' is not a target defined under targets");
      }
      out.add(s);
    }
    if (out.isEmpty()) {
      throw node.error("must name at least one target");
    }
    return List.copyOf(out);
  }

  private static String url(Node node, Map<String, Object> m, String key, String fallback) {
    String value = node.string(m, key, fallback == null);
    if (value == null) {
      return fallback;
    }
    try {
      URI uri = URI.create(value);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      throw node.child(key, value).error("'" + value + "' is not an http(s) URL");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  /** A value in the YAML tree with its dotted path, for error messages. */
  private record Node(String source, String path, Object value) {

    Node child(String key, Object v) {
      return new Node(source, path.isEmpty() ? key : path + "." + key, v);
    }

    PolicyException error(String problem) {
      return new PolicyException(source, (path.isEmpty() ? "the document" : path) + " " + problem);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Set<String> allowed) {
      if (!(value instanceof Map<?, ?> m)) {
        throw error("must be a mapping");
      }
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw error("has a non-text key '" + k + "'");
        }
        if (allowed != null && !allowed.contains(k)) {
          throw child((String) k, null).error("is not a known field (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
      }
      return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    List<Object> list() {
      if (!(value instanceof List<?> l)) {
        throw error("must be a list");
      }
      return (List<Object>) l;
    }

    Object required(Map<String, Object> m, String key) {
      Object v = m.get(key);
      if (v == null) {
        throw child(key, null).error("is required");
      }
      return v;
    }

    String string(Map<String, Object> m, String key, boolean required) {
      Object v = m.get(key);
      if (v == null) {
        if (required) {
          throw child(key, null).error("is required");
        }
        return null;
      }
      if (!(v instanceof String s) || s.isBlank()) {
        throw child(key, v).error("must be non-empty text");
      }
      return s;
    }

    Boolean bool(Map<String, Object> m, String key, boolean fallback) {
      Object v = m.get(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Boolean b)) {
        throw child(key, v).error("must be true or false");
      }
      return b;
    }

    int integer(Map<String, Object> m, String key, int fallback, int min, int max) {
      Object v = m.get(key);
      if (v == null) {
        return fallback;
      }
      if (!(v instanceof Integer i) || i < min || i > max) {
        throw child(key, v).error("must be a whole number from " + min + " to " + max);
      }
      return i;
    }

    SecretRef secret(Map<String, Object> m, String key, boolean required) {
      String v = string(m, key, required);
      if (v == null) {
        return null;
      }
      try {
        return new SecretRef(v);
      } catch (IllegalArgumentException e) {
        // Never echo the value: it may be the secret itself.
        throw child(key, null).error(e.getMessage());
      }
    }

    List<String> stringList(Map<String, Object> m, String key, boolean nonEmpty) {
      Node n = child(key, required(m, key));
      List<Object> l = n.list();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        if (!(l.get(i) instanceof String s) || s.isBlank()) {
          throw n.child(String.valueOf(i), l.get(i)).error("must be non-empty text");
        }
        out.add(s);
      }
      if (nonEmpty && out.isEmpty()) {
        throw n.error("must not be empty");
      }
      return List.copyOf(out);
    }

    <E extends Enum<E>> E enumValue(Map<String, Object> m, String key, Class<E> type, E fallback) {
      String v = string(m, key, false);
      if (v == null) {
        return fallback;
      }
      return parseEnum(child(key, v), v, type);
    }

    <E extends Enum<E>> Set<E> enumSet(Map<String, Object> m, String key, Class<E> type) {
      Node n = child(key, m.get(key));
      List<String> names = stringList(m, key, true);
      Set<E> out = new LinkedHashSet<>();
      for (int i = 0; i < names.size(); i++) {
        out.add(parseEnum(n.child(String.valueOf(i), names.get(i)), names.get(i), type));
      }
      return Set.copyOf(out);
    }

    private static <E extends Enum<E>> E parseEnum(Node n, String v, Class<E> type) {
      try {
        return Enum.valueOf(type, v.toUpperCase().replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw n.error(
            "'" + v + "' is not one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
      }
    }
  }
}
