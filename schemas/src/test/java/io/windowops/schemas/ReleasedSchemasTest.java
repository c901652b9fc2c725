package io.windowops.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.RequestEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The released-schema writer")
class ReleasedSchemasTest {

  private final Schema current = RequestEnvelope.getClassSchema();

  @Test
  @DisplayName("writes v1 for a new subject, then nothing while the schema is unchanged")
  void writesFirstVersionOnce(@TempDir Path dir) {
    ReleasedSchemas released = new ReleasedSchemas(dir);

    assertThat(released.release("demo-value", current)).contains(dir.resolve("demo-value/v1.avsc"));
    assertThat(released.release("demo-value", current)).isEmpty();
    assertThat(released.versions("demo-value")).containsOnlyKeys(1);
    assertThat(released.problems("demo-value", current)).isEmpty();
  }

  @Test
  @DisplayName("stores a snapshot that parses back to the same contract, docs and properties included")
  void snapshotRoundTrips(@TempDir Path dir) {
    ReleasedSchemas released = new ReleasedSchemas(dir);
    released.release("demo-value", current);

    Schema snapshot = released.latest("demo-value").orElseThrow().getValue();
    assertThat(ReleasedSchemas.sameContract(snapshot, current)).isTrue();
    assertThat(snapshot).isEqualTo(current);
  }

  @Test
  @DisplayName("writes the next version for a compatible change and keeps the older ones")
  void writesNextVersion(@TempDir Path dir) {
    ReleasedSchemas released = new ReleasedSchemas(dir);
    released.release("demo-value", current);
    Schema changed = SchemaCompatibilityTest.withExtraField(current, "MaintenanceRequested", true);

    assertThat(released.release("demo-value", changed)).contains(dir.resolve("demo-value/v2.avsc"));
    assertThat(released.versions("demo-value")).containsOnlyKeys(1, 2);
    assertThat(released.problems("demo-value", changed)).isEmpty();
    assertThat(released.problems("demo-value", current))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("differs from its latest released snapshot v2"));
  }

  @Test
  @DisplayName("refuses to snapshot an incompatible change and writes nothing")
  void refusesIncompatibleChange(@TempDir Path dir) {
    ReleasedSchemas released = new ReleasedSchemas(dir);
    released.release("demo-value", current);
    Schema changed = SchemaCompatibilityTest.withExtraField(current, "MaintenanceRequested", false);

    assertThatThrownBy(() -> released.release("demo-value", changed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read data written with released v1")
        .hasMessageContaining("ticketId");
    assertThat(Files.exists(dir.resolve("demo-value/v2.avsc"))).isFalse();
  }

  @Test
  @DisplayName("checks against every released version, not only the latest (transitive)")
  void transitive(@TempDir Path dir) throws Exception {
    ReleasedSchemas released = new ReleasedSchemas(dir);
    Schema withTicket = SchemaCompatibilityTest.withExtraField(current, "MaintenanceRequested", false);
    released.release("demo-value", withTicket);
    // v2 drops the field: it can read v1 (the writer's extra field is skipped) ...
    Files.writeString(dir.resolve("demo-value/v2.avsc"), SchemaFormatter.format("json/pretty", current));
    // ... but a v3 that brings the field back without a default reads v1, not v2.
    Schema readded = SchemaCompatibilityTest.withExtraField(current, "MaintenanceRequested", false);

    assertThat(ReleasedSchemas.incompatibilities(readded, withTicket)).isEmpty();
    assertThat(released.incompatibleVersions("demo-value", readded))
        .singleElement()
        .satisfies(m -> assertThat(m).contains("released v2"));
  }

  @Test
  @DisplayName("ignores files that are not version snapshots")
  void ignoresOtherFiles(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("demo-value"));
    Files.writeString(dir.resolve("demo-value/README.md"), "notes");
    Files.writeString(dir.resolve("demo-value/v0.avsc"), "{}");

    assertThat(new ReleasedSchemas(dir).versions("demo-value")).isEmpty();
  }
}
