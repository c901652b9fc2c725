package io.windowops.scheduler.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used; carries every problem found, not just the first. */
public final class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<PolicyError> errors;

  public PolicyException(List<PolicyError> errors) {
    super(
        errors.size()
            + " problem(s) in the maintenance policy:\n  "
            + errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n  ")));
    this.errors = List.copyOf(errors);
  }

  public List<PolicyError> errors() {
    return errors;
  }
}
