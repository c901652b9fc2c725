package io.windowops.executor.catalog;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates an action catalog (format: examples/README-catalog.md). Every problem is
 * reported as {@code file:line: field: problem}; a catalog that loads is safe to run.
 */
public final class CatalogLoader {

  /** Output kept per run unless an action says otherwise: 64 KiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
  public static final int MAX_OUTPUT_BYTES_LIMIT = 1024 * 1024;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private static final Pattern ACTION_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern WHOLE_PARAM = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");
  private static final Set<String> TYPES = Set.of("command", "http", "alertmanager.silence", "wait");
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

  private CatalogLoader() {}

  public static ActionCatalog load(Path file) {
    Node root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new CatalogException(file + ":" + line + ": not valid YAML: " + e.getProblem());
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot be read: " + e);
    }
    if (root == null) {
      throw new CatalogException(file + ":1: the catalog is empty; it needs an 'actions' mapping");
    }
    Path base = file.toAbsolutePath().getParent();
    Map<String, YamlNode> top = new YamlNode(file, "", root).map(Set.of("actions"));
    YamlNode actionsNode = top.get("actions");
    if (actionsNode == null) {
      throw new YamlNode(file, "actions", root).error("is required");
    }
    Map<String, Action> actions = new LinkedHashMap<>();
    actionsNode.map().forEach((name, node) -> {
      if (!ACTION_NAME.matcher(name).matches()) {
        throw node.error("action names use lower-case letters, digits, '.', '_' and '-'");
      }
      actions.put(name, action(name, node, base));
    });
    return new ActionCatalog(file, actions);
  }

  private static Action action(String name, YamlNode node, Path base) {
    Map<String, YamlNode> f =
        node.map(Set.of("type", "description", "idempotent", "timeout", "params", "outputs",
            "command", "http", "silence", "wait"));
    String type = required(node, f, "type").text();
    if (!TYPES.contains(type)) {
      throw f.get("type").error("must be one of " + new TreeSet<>(TYPES) + ", was '" + type + "'");
    }
    Map<String, ParamSpec> params = new LinkedHashMap<>();
    if (f.containsKey("params")) {
      f.get("params").map().forEach((pname, pnode) -> params.put(pname, param(pname, pnode)));
    }
    List<String> outputs = new ArrayList<>();
    if (f.containsKey("outputs")) {
      for (YamlNode o : f.get("outputs").list()) {
        if (!IDENTIFIER.matcher(o.text()).matches()) {
          throw o.error("output names are identifiers such as previousVersion");
        }
        outputs.add(o.text());
      }
    }
    Values values = new Values(params);
    String section = switch (type) {
      case "command" -> "command";
      case "http" -> "http";
      case "alertmanager.silence" -> "silence";
      default -> "wait";
    };
    for (String other : List.of("command", "http", "silence", "wait")) {
      if (!other.equals(section) && f.containsKey(other)) {
        throw f.get(other).error("does not belong to an action of type " + type);
      }
    }
    YamlNode settings = required(node, f, section);
    Action.Spec spec = switch (type) {
      case "command" -> command(settings, values, base);
      case "http" -> http(settings, values);
      case "alertmanager.silence" -> silence(settings, values);
      default -> waitSpec(settings, values);
    };
    if (spec instanceof Action.Silence && !outputs.contains("silenceId")) {
      outputs.add("silenceId");
    }
    return new Action(
        name,
        f.containsKey("description") ? f.get("description").text() : "",
        f.containsKey("idempotent") && f.get("idempotent").bool(),
        f.containsKey("timeout") ? f.get("timeout").duration() : DEFAULT_TIMEOUT,
        params,
        List.copyOf(outputs),
        spec);
  }

  private static ParamSpec param(String name, YamlNode node) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw node.error("parameter names are identifiers such as targetDir");
    }
    Map<String, YamlNode> f =
        node.map(Set.of("pattern", "enum", "default", "optional", "secret", "allowLeadingDash"));
    boolean secret = f.containsKey("secret") && f.get("secret").bool();
    Pattern pattern = null;
    if (f.containsKey("pattern")) {
      try {
        pattern = Pattern.compile(f.get("pattern").text());
      } catch (PatternSyntaxException e) {
        throw f.get("pattern").error("is not a valid regular expression: " + e.getDescription());
      }
    }
    List<String> allowed = f.containsKey("enum") ? f.get("enum").list().stream().map(YamlNode::text).toList() : List.of();
    if (secret && (pattern != null || !allowed.isEmpty())) {
      throw node.error("a secret parameter takes a reference only; drop pattern/enum");
    }
    if (!secret && pattern == null && allowed.isEmpty()) {
      throw node.error("declare a 'pattern' or an 'enum' (or 'secret: true'): every value is validated");
    }
    String defaultValue = f.containsKey("default") ? f.get("default").text() : null;
    ParamSpec spec =
        new ParamSpec(
            name,
            pattern,
            allowed,
            defaultValue,
            f.containsKey("optional") && f.get("optional").bool(),
            secret,
            f.containsKey("allowLeadingDash") && f.get("allowLeadingDash").bool());
    if (defaultValue != null && spec.problem(defaultValue) != null) {
      throw f.get("default").error(spec.problem(defaultValue));
    }
    return spec;
  }

  private static Action.Command command(YamlNode node, Values values, Path base) {
    Map<String, YamlNode> f = node.map(Set.of("argv", "workdir", "inheritEnv", "env", "maxOutputBytes"));
    List<YamlNode> argvNodes = required(node, f, "argv").list();
    if (argvNodes.isEmpty()) {
      throw f.get("argv").error("must name at least the program");
    }
    List<Value> argv = new ArrayList<>();
    for (YamlNode a : argvNodes) {
      argv.add(values.whole(a, false));
    }
    if (!(argv.get(0) instanceof Value.Literal program)) {
      throw argvNodes.get(0).error("the program must be written in the catalog, not a parameter");
    }
    // A relative program path with a directory part is the operator's script next to the catalog.
    if (program.text().contains("/") && !Path.of(program.text()).isAbsolute()) {
      argv.set(0, new Value.Literal(base.resolve(program.text()).normalize().toString()));
    }
    Path workdir = f.containsKey("workdir") ? base.resolve(f.get("workdir").text()).normalize() : base;
    List<String> inherit = new ArrayList<>();
    if (f.containsKey("inheritEnv")) {
      for (YamlNode n : f.get("inheritEnv").list()) {
        if (!n.text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw n.error("must be an environment variable name");
        }
        inherit.add(n.text());
      }
    }
    Map<String, Value> env = new LinkedHashMap<>();
    if (f.containsKey("env")) {
      f.get("env").map().forEach((k, v) -> env.put(k, values.whole(v, true)));
    }
    return new Action.Command(List.copyOf(argv), workdir, List.copyOf(inherit), env, maxOutput(f));
  }

  private static Action.Http http(YamlNode node, Values values) {
    Map<String, YamlNode> f =
        node.map(Set.of("method", "url", "headers", "body", "expectStatus", "maxOutputBytes"));
    String method = f.containsKey("method") ? f.get("method").text() : "GET";
    if (!HTTP_METHODS.contains(method)) {
      throw f.get("method").error("must be one of " + new TreeSet<>(HTTP_METHODS));
    }
    Map<String, Value> headers = new LinkedHashMap<>();
    if (f.containsKey("headers")) {
      f.get("headers").map().forEach((k, v) -> headers.put(k, values.whole(v, true)));
    }
    Set<Integer> expect = new LinkedHashSet<>();
    if (f.containsKey("expectStatus")) {
      for (YamlNode s : f.get("expectStatus").list()) {
        expect.add(s.integer(100, 599));
      }
    } else {
      for (int s = 200; s < 300; s++) {
        expect.add(s);
      }
    }
    Object body = f.containsKey("body") ? values.body(f.get("body")) : null;
    return new Action.Http(method, values.url(required(node, f, "url")), headers, body, expect, maxOutput(f));
  }

  private static Action.Silence silence(YamlNode node, Values values) {
    Map<String, YamlNode> f = node.map(Set.of("url", "matchers", "duration", "createdBy"));
    List<Action.Matcher> matchers = new ArrayList<>();
    for (YamlNode m : required(node, f, "matchers").list()) {
      Map<String, YamlNode> mf = m.map(Set.of("name", "value", "isRegex", "isEqual"));
      matchers.add(
          new Action.Matcher(
              required(m, mf, "name").text(),
              values.whole(required(m, mf, "value"), false),
              mf.containsKey("isRegex") && mf.get("isRegex").bool(),
              !mf.containsKey("isEqual") || mf.get("isEqual").bool()));
    }
    if (matchers.isEmpty()) {
      throw f.get("matchers").error("needs at least one matcher (an empty silence would mute everything)");
    }
    Duration duration = required(node, f, "duration").duration();
    if (duration.isZero()) {
      throw f.get("duration").error("must be longer than zero");
    }
    return new Action.Silence(
        values.url(required(node, f, "url")),
        matchers,
        duration,
        f.containsKey("createdBy") ? f.get("createdBy").text() : "windowops");
  }

  private static Action.Wait waitSpec(YamlNode node, Values values) {
    Map<String, YamlNode> f = node.map(Set.of("duration"));
    YamlNode d = required(node, f, "duration");
    Value v = values.whole(d, false);
    if (v instanceof Value.Literal) {
      d.duration();
    }
    return new Action.Wait(v);
  }

  private static int maxOutput(Map<String, YamlNode> f) {
    return f.containsKey("maxOutputBytes")
        ? f.get("maxOutputBytes").integer(0, MAX_OUTPUT_BYTES_LIMIT)
        : DEFAULT_MAX_OUTPUT_BYTES;
  }

  private static YamlNode required(YamlNode parent, Map<String, YamlNode> fields, String name) {
    YamlNode n = fields.get(name);
    if (n == null) {
      throw parent.error("needs '" + name + "'");
    }
    return n;
  }

  /** Turns catalog strings into {@link Value}s, checking every parameter is declared. */
  private record Values(Map<String, ParamSpec> params) {

    /** A literal, exactly one whole {{param}}, or (where allowed) {secret: ref}. */
    Value whole(YamlNode node, boolean secretAllowed) {
      if (node.isMap()) {
        Map<String, YamlNode> f = node.map(Set.of("secret"));
        if (!secretAllowed) {
          throw node.error("secrets may only be used in env, headers and body, never on a command line or in a URL");
        }
        String ref = required(node, f, "secret").text();
        return new Value.Secret(
            SecretRef.parse(ref).orElseThrow(() -> f.get("secret").error("must be env:NAME or file:/absolute/path")));
      }
      String text = node.text();
      Matcher m = WHOLE_PARAM.matcher(text);
      if (m.matches()) {
        return param(node, m.group(1), secretAllowed);
      }
      if (text.contains("{{")) {
        throw node.error("a parameter must be the whole value ('{{name}}'), never part of a larger string");
      }
      return new Value.Literal(text);
    }

    /** URLs may mix text and parameters; parameter values are percent-encoded when sent. */
    List<Value> url(YamlNode node) {
      String text = node.text();
      List<Value> parts = new ArrayList<>();
      Matcher m = WHOLE_PARAM.matcher(text);
      int at = 0;
      while (m.find()) {
        if (m.start() > at) {
          parts.add(new Value.Literal(text.substring(at, m.start())));
        }
        parts.add(param(node, m.group(1), false));
        at = m.end();
      }
      if (at < text.length()) {
        parts.add(new Value.Literal(text.substring(at)));
      }
      if (parts.isEmpty() || !(parts.get(0) instanceof Value.Literal first)
          || !(first.text().startsWith("http://") || first.text().startsWith("https://"))) {
        throw node.error("must start with a literal http:// or https:// scheme and host");
      }
      if (text.replaceAll(WHOLE_PARAM.pattern(), "").contains("{{")) {
        throw node.error("has a malformed parameter reference");
      }
      return parts;
    }

    Object body(YamlNode node) {
      if (node.isMap()) {
        Map<String, YamlNode> entries = node.map();
        if (entries.size() == 1 && entries.containsKey("secret")) {
          return whole(node, true);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, body(v)));
        return out;
      }
      if (node.isList()) {
        return node.list().stream().map(this::body).toList();
      }
      Object plain = node.plain();
      return plain instanceof String ? whole(node, true) : plain;
    }

    private Value param(YamlNode node, String name, boolean secretAllowed) {
      ParamSpec spec = params.get(name);
      if (spec == null) {
        throw node.error("uses parameter '" + name + "', which is not declared under params");
      }
      if (spec.secret() && !secretAllowed) {
        throw node.error("secret parameter '" + name + "' may only be used in env, headers and body");
      }
      return new Value.Param(name);
    }
  }
}
