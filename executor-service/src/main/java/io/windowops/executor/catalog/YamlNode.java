package io.windowops.executor.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its dotted field path, so that every error names the file, the line and the
 * field (e.g. {@code catalog.yaml:12: actions.backup.command.argv[2]: ...}).
 */
final class YamlNode {

  private final Path file;
  private final String field;
  private final Node node;

  YamlNode(Path file, String field, Node node) {
    this.file = file;
    this.field = field;
    this.node = node;
  }

  String field() {
    return field;
  }

  int line() {
    return node.getStartMark().getLine() + 1;
  }

  CatalogException error(String problem) {
    return new CatalogException(file + ":" + line() + ": " + field + ": " + problem);
  }

  boolean isMap() {
    return node instanceof MappingNode;
  }

  boolean isList() {
    return node instanceof SequenceNode;
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  /** The entries of a mapping, in file order; fails naming this field if it is not one. */
  Map<String, YamlNode> map() {
    if (!(node instanceof MappingNode mapping)) {
      throw error("must be a mapping");
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw error("keys must be plain names");
      }
      String child = field.isEmpty() ? key.getValue() : field + "." + key.getValue();
      if (entries.put(key.getValue(), new YamlNode(file, child, tuple.getValueNode())) != null) {
        throw new YamlNode(file, child, tuple.getKeyNode()).error("is given twice");
      }
    }
    return entries;
  }

  /** A mapping whose keys must all be among {@code allowed} (catches typos such as "agrv"). */
  Map<String, YamlNode> map(Set<String> allowed) {
    Map<String, YamlNode> entries = map();
    for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw e.getValue().error("is not a known field here (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
    return entries;
  }

  List<YamlNode> list() {
    if (!(node instanceof SequenceNode seq)) {
      throw error("must be a list");
    }
    List<YamlNode> items = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      items.add(new YamlNode(file, field + "[" + i + "]", seq.getValue().get(i)));
    }
    return items;
  }

  String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("must be a single value");
    }
    return scalar.getValue();
  }

  boolean bool() {
    String value = text();
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error("must be true or false, was '" + value + "'");
    };
  }

  int integer(int min, int max) {
    String value = text();
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw error("must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw error("must be an integer, was '" + value + "'");
    }
  }

  Duration duration() {
    String value = text();
    try {
      Duration d = Duration.parse(value);
      if (d.isNegative()) {
        throw error("must not be negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw error("must be an ISO-8601 duration such as PT30S, was '" + value + "'");
    }
  }

  /** Plain Java values (String, List, Map) for free-form content such as an HTTP body. */
  Object plain() {
    if (node instanceof ScalarNode scalar) {
      // Keep YAML's own typing so that a JSON body gets numbers and booleans, not strings.
      if (Tag.INT.equals(scalar.getTag())) {
        return Long.parseLong(scalar.getValue());
      }
      if (Tag.BOOL.equals(scalar.getTag())) {
        return Boolean.parseBoolean(scalar.getValue());
      }
      if (Tag.NULL.equals(scalar.getTag())) {
        return null;
      }
      return scalar.getValue();
    }
    if (isList()) {
      return list().stream().map(YamlNode::plain).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map().forEach((k, v) -> out.put(k, v.plain()));
    return out;
  }
}
