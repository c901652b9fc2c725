package io.windowops.scheduler.policy;

/** One problem in a policy file: where it is (file, 1-based line and column), which field, what. */
public record PolicyError(String file, int line, int column, String field, String problem) {

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + problem;
  }
}
