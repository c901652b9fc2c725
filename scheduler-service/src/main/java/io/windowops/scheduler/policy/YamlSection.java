package io.windowops.scheduler.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of a policy file, read through SnakeYAML's node API so every value keeps its
 * line. Readers never throw: a missing, misshapen or unparsable value is recorded in {@link
 * ParseErrors} with its path (e.g. {@code environments.production.slots[1].start}) and reads as
 * empty, so loading goes on and reports every problem at once. Scalars are read as their raw text,
 * so {@code 18:00} stays a time (YAML 1.1 would make it the number 1080).
 */
final class YamlSection {

  private final ParseErrors errors;
  private final String path;
  private final Node node;
  private final Node keyNode;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlSection(MappingNode node, Node keyNode, String path, ParseErrors errors) {
    this.errors = errors;
    this.path = path;
    this.node = node;
    this.keyNode = keyNode;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        errors.add(tuple.getKeyNode(), path, "keys must be plain names");
      } else if (entries.putIfAbsent(key.getValue(), tuple) != null) {
        errors.add(key, field(key.getValue()), "duplicate key");
      }
    }
  }

  /** The mapping at {@code node}, or empty (with an error) if it is something else. */
  static Optional<YamlSection> of(Node node, String path, ParseErrors errors) {
    return of(node, null, path, errors);
  }

  private static Optional<YamlSection> of(
      Node node, Node keyNode, String path, ParseErrors errors) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlSection(mapping, keyNode, path, errors));
    }
    errors.add(node, path, "must be a mapping of keys to values");
    return Optional.empty();
  }

  String path() {
    return path;
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Set<String> keys() {
    return entries.keySet();
  }

  /** Records an error for each key not in {@code known}: typos must not pass silently. */
  void allowOnly(String... known) {
    Set<String> allowed = new LinkedHashSet<>(Arrays.asList(known));
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        errors.add(
            e.getValue().getKeyNode(),
            field(e.getKey()),
            "unknown key (expected one of " + String.join(", ", allowed) + ")");
      }
    }
  }

  /**
   * Records a problem about {@code key}, at its line if present, else where this mapping is named
   * (its own key, or its first line for a list item).
   */
  void error(String key, String problem) {
    NodeTuple tuple = entries.get(key);
    Node at = tuple != null ? tuple.getKeyNode() : keyNode != null ? keyNode : node;
    errors.add(at, field(key), problem);
  }

  /** Records a problem about this whole mapping, at the key it sits under if it has one. */
  void errorHere(String problem) {
    errors.add(keyNode == null ? node : keyNode, path, problem);
  }

  Optional<String> text(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return Optional.empty();
    }
    if (tuple.getValueNode() instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    error(key, "must be a single value");
    return Optional.empty();
  }

  Optional<String> requiredText(String key) {
    if (!has(key)) {
      error(key, "is required");
      return Optional.empty();
    }
    Optional<String> value = text(key);
    if (value.isPresent() && value.get().isBlank()) {
      error(key, "must not be empty");
      return Optional.empty();
    }
    return value;
  }

  /** The value parsed by {@code parser}; its {@link RuntimeException} message is the problem. */
  <T> Optional<T> value(String key, Function<String, T> parser) {
    return text(key)
        .flatMap(text -> parse(entries.get(key).getValueNode(), field(key), text, parser));
  }

  <T> Optional<T> required(String key, Function<String, T> parser) {
    if (!has(key)) {
      error(key, "is required");
      return Optional.empty();
    }
    return value(key, parser);
  }

  Optional<YamlSection> section(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null
        ? Optional.empty()
        : of(tuple.getValueNode(), tuple.getKeyNode(), field(key), errors);
  }

  /** A list of mappings, each with path {@code key[i]}; a missing key is an empty list. */
  List<YamlSection> sections(String key) {
    List<YamlSection> result = new ArrayList<>();
    List<Node> items = items(key);
    for (int i = 0; i < items.size(); i++) {
      of(items.get(i), field(key) + "[" + i + "]", errors).ifPresent(result::add);
    }
    return result;
  }

  /** A mapping of names to mappings (environments, types): path {@code key.name}. */
  Map<String, YamlSection> named(String key) {
    Map<String, YamlSection> result = new LinkedHashMap<>();
    section(key)
        .ifPresent(
            outer -> {
              for (String name : outer.keys()) {
                NodeTuple tuple = outer.entries.get(name);
                of(tuple.getValueNode(), tuple.getKeyNode(), outer.field(name), errors)
                    .ifPresent(s -> result.put(name, s));
              }
            });
    return result;
  }

  /**
   * A list of scalars, each parsed; a single scalar counts as a one-element list. Items that do not
   * parse are reported and left out.
   */
  <T> Optional<List<T>> list(String key, Function<String, T> parser) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return Optional.empty();
    }
    if (tuple.getValueNode() instanceof ScalarNode scalar) {
      return Optional.of(
          parse(scalar, field(key), scalar.getValue(), parser).map(List::of).orElse(List.of()));
    }
    List<T> result = new ArrayList<>();
    List<Node> items = items(key);
    for (int i = 0; i < items.size(); i++) {
      String itemField = field(key) + "[" + i + "]";
      if (items.get(i) instanceof ScalarNode scalar) {
        parse(scalar, itemField, scalar.getValue(), parser).ifPresent(result::add);
      } else {
        errors.add(items.get(i), itemField, "must be a single value");
      }
    }
    return Optional.of(result);
  }

  private List<Node> items(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null) {
      return List.of();
    }
    if (tuple.getValueNode() instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    error(key, "must be a list");
    return List.of();
  }

  private <T> Optional<T> parse(Node at, String field, String text, Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(text));
    } catch (RuntimeException e) {
      errors.add(
          at, field, e.getMessage() == null ? "'" + text + "' is not valid" : e.getMessage());
      return Optional.empty();
    }
  }
}
