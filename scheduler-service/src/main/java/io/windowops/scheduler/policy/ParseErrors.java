package io.windowops.scheduler.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one policy file, each with its line, column and field path. */
final class ParseErrors {

  private final String file;
  private final List<PolicyError> errors = new ArrayList<>();

  ParseErrors(String file) {
    this.file = file;
  }

  void add(Node node, String field, String problem) {
    add(node == null ? null : node.getStartMark(), field, problem);
  }

  void add(Mark mark, String field, String problem) {
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    errors.add(new PolicyError(file, line, column, field, problem));
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  /** In file order, so a reader fixes them top to bottom. */
  List<PolicyError> list() {
    return errors.stream()
        .sorted(Comparator.comparingInt(PolicyError::line).thenComparingInt(PolicyError::column))
        .toList();
  }
}
