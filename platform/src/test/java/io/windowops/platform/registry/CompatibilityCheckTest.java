package io.windowops.platform.registry;

import static io.windowops.platform.registry.TestSchemas.ONLY_B;
import static io.windowops.platform.registry.TestSchemas.V1;
import static io.windowops.platform.registry.TestSchemas.V1_PLUS_C;
import static io.windowops.platform.registry.TestSchemas.V2;
import static io.windowops.platform.registry.TestSchemas.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.platform.registry.RegistryState.StoredSchema;
import io.windowops.platform.registry.RegistryState.Version;
import io.windowops.schemas.registry.CompatibilityLevel;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The compatibility rules")
class CompatibilityCheckTest {

  private static final List<Version> V1_THEN_V2 = List.of(version(1, V1), version(2, V2));

  private static Version version(int version, String schema) {
    return new Version(
        "s-value", version, new StoredSchema(version, canonical(schema), parse(schema)));
  }

  private static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }

  private static List<String> problems(CompatibilityLevel level, String candidate) {
    return CompatibilityCheck.problems(level, parse(candidate), V1_THEN_V2);
  }

  @Test
  @DisplayName("accept anything at NONE and anything as a subject's first version")
  void noneAndFirst() {
    assertThat(problems(CompatibilityLevel.NONE, "\"string\"")).isEmpty();
    assertThat(
            CompatibilityCheck.problems(CompatibilityLevel.FULL_TRANSITIVE, parse(V1), List.of()))
        .isEmpty();
  }

  @Test
  @DisplayName("look at the latest version only unless transitive")
  void transitivity() {
    assertThat(problems(CompatibilityLevel.BACKWARD, ONLY_B)).isEmpty();
    assertThat(problems(CompatibilityLevel.BACKWARD_TRANSITIVE, ONLY_B))
        .contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD_TRANSITIVE'}");
  }

  @Test
  @DisplayName("read backward as new-reads-old and forward as old-reads-new")
  void directions() {
    assertThat(problems(CompatibilityLevel.BACKWARD, V1_PLUS_C))
        .first()
        .asString()
        .startsWith("{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'")
        .contains("The new schema cannot read data written with the old schema");
    assertThat(problems(CompatibilityLevel.FORWARD, V1_PLUS_C)).isEmpty();
    assertThat(problems(CompatibilityLevel.FORWARD, ONLY_B))
        .first()
        .asString()
        .contains("The old schema cannot read data written with the new schema");
    assertThat(problems(CompatibilityLevel.FULL, V1_PLUS_C))
        .contains("{oldSchemaVersion: 2}", "{oldSchema: '" + canonical(V2) + "'}");
  }
}
