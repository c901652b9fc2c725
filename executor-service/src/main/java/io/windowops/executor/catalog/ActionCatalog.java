package io.windowops.executor.catalog;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The loaded, validated catalog: action names to actions. Immutable. */
public final class ActionCatalog {

  private final Path source;
  private final Map<String, Action> actions;

  public ActionCatalog(Path source, Map<String, Action> actions) {
    this.source = source;
    this.actions = Map.copyOf(actions);
  }

  /** A catalog with no actions: every step fails with a clear error naming the missing action. */
  public static ActionCatalog empty() {
    return new ActionCatalog(null, Map.of());
  }

  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  public Optional<Action> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  public int size() {
    return actions.size();
  }

  /**
   * Checks an event's parameters against the action's declarations and returns the values to
   * use: the event's value, else a recorded step output of the same name (for compensations),
   * else the declared default. Secret parameters stay references here.
   *
   * @throws InvalidStepException naming the action and the parameter
   */
  public Bound bind(String actionName, Map<String, String> given, Map<String, String> stepOutputs) {
    Action action =
        find(actionName)
            .orElseThrow(() -> new InvalidStepException("action '" + actionName + "' is not in the catalog"));
    for (String name : given.keySet()) {
      if (!action.params().containsKey(name)) {
        throw new InvalidStepException(
            "parameter '" + name + "' is not declared by action '" + actionName + "'");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (ParamSpec spec : action.params().values()) {
      String value = given.get(spec.name());
      if (value == null) {
        value = stepOutputs.get(spec.name());
      }
      if (value == null) {
        value = spec.defaultValue();
      }
      if (value == null) {
        if (spec.optional()) {
          continue;
        }
        throw new InvalidStepException(
            "parameter '" + spec.name() + "' of action '" + actionName + "' is required");
      }
      String problem = spec.problem(value);
      if (problem != null) {
        throw new InvalidStepException(
            "parameter '" + spec.name() + "' of action '" + actionName + "' " + problem);
      }
      values.put(spec.name(), value);
    }
    return new Bound(action, values);
  }

  /** An action with its checked parameter values (secret parameters as references). */
  public record Bound(Action action, Map<String, String> values) {}

  /** A step that cannot run as asked: it fails with this message, it never runs. */
  public static final class InvalidStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidStepException(String message) {
      super(message);
    }
  }
}
