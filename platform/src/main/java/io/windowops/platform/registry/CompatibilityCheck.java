package io.windowops.platform.registry;

import io.windowops.platform.registry.RegistryState.Version;
import io.windowops.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;

/**
 * Confluent's compatibility rules on top of Avro's {@link SchemaCompatibility}: a level checks the
 * new schema against the latest version, or against every version (newest first) when transitive;
 * backward means the new schema reads old data, forward that old schemas read new data. The
 * messages follow the shape of Confluent's verbose answers.
 */
final class CompatibilityCheck {

  private CompatibilityCheck() {}

  /**
   * Why {@code candidate} breaks {@code level} against {@code history} (oldest first): empty when
   * it is compatible. Stops at the first version it is incompatible with, as Confluent does.
   */
  static List<String> problems(CompatibilityLevel level, Schema candidate, List<Version> history) {
    if (level == CompatibilityLevel.NONE || history.isEmpty()) {
      return List.of();
    }
    int oldest = level.transitive() ? 0 : history.size() - 1;
    for (int i = history.size() - 1; i >= oldest; i--) {
      Version old = history.get(i);
      Schema previous = old.schema().schema();
      List<String> problems = new ArrayList<>();
      if (level.backward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous).getResult(),
            "new",
            "old",
            problems);
      }
      if (level.forward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate).getResult(),
            "old",
            "new",
            problems);
      }
      if (!problems.isEmpty()) {
        problems.add("{oldSchemaVersion: " + old.version() + "}");
        problems.add("{oldSchema: '" + old.schema().canonical() + "'}");
        problems.add("{compatibility: '" + level + "'}");
        return problems;
      }
    }
    return List.of();
  }

  private static void describe(
      SchemaCompatibilityResult result, String reader, String writer, List<String> problems) {
    for (Incompatibility i : result.getIncompatibilities()) {
      problems.add(
          "{errorType:'"
              + i.getType()
              + "', description:'The "
              + reader
              + " schema cannot read data written with the "
              + writer
              + " schema at path '"
              + i.getLocation()
              + "'', additionalInfo:'"
              + i.getMessage()
              + "'}");
    }
  }
}
