package io.windowops.executor.catalog;

/**
 * A value in a catalog action: a literal written by the operator, a whole parameter ({@code
 * {{name}}}), or a secret reference ({@code secret: env:NAME}) resolved only when the action runs.
 * Parameters are only ever substituted as a whole value, never spliced into a larger string.
 */
public sealed interface Value {

  record Literal(String text) implements Value {}

  record Param(String name) implements Value {}

  record Secret(SecretRef ref) implements Value {}
}
