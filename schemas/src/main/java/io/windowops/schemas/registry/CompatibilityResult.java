package io.windowops.schemas.registry;

import java.util.List;

/**
 * The answer of {@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}.
 *
 * @param compatible whether the registry would accept the schema under the subject's level
 * @param messages why not (Confluent's verbose messages); empty when compatible
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}
