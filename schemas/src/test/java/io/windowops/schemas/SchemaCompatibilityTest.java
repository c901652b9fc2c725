package io.windowops.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.RequestEnvelope;
import io.windowops.events.WindowStateSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI guard of the event contract: every topic's current value schema is released, equal to
 * its latest snapshot, and able to read everything ever released (BACKWARD_TRANSITIVE, as the
 * registry enforces). See {@link ReleasedSchemas} for the command that writes a new snapshot.
 */
@DisplayName("The schema compatibility guard")
class SchemaCompatibilityTest {

  private static final ReleasedSchemas RELEASED = new ReleasedSchemas(ReleasedSchemas.MODULE_RELATIVE_DIR);

  static Stream<Topic<?>> topics() {
    return Topics.withDlqs().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  @DisplayName("finds at least one released snapshot for the subject of")
  void everyTopicIsReleased(Topic<?> topic) {
    assertThat(RELEASED.versions(topic.subject()))
        .as(
            "%s has no released snapshot under %s. Write v1 with `%s` and commit it.",
            topic.subject(), RELEASED.root(), ReleasedSchemas.RELEASE_COMMAND)
        .isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  @DisplayName("proves the current schema reads data written with every released version of")
  void backwardTransitive(Topic<?> topic) {
    List<String> problems = RELEASED.incompatibleVersions(topic.subject(), topic.valueSchema());
    assertThat(problems).as(String.join(System.lineSeparator(), problems)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  @DisplayName("finds the current schema equal to the latest released snapshot of")
  void currentIsLatest(Topic<?> topic) {
    List<String> problems = RELEASED.problems(topic.subject(), topic.valueSchema());
    assertThat(problems).as(String.join(System.lineSeparator(), problems)).isEmpty();
  }

  @Nested
  @DisplayName("when a schema changes")
  class WhenASchemaChanges {

    private final Schema current = RequestEnvelope.getClassSchema();

    @Test
    @DisplayName("rejects a field added without a default, naming the field")
    void fieldWithoutDefault() {
      Schema changed = withExtraField(current, "MaintenanceRequested", false);

      assertThat(ReleasedSchemas.incompatibilities(changed, current))
          .isNotEmpty()
          .anySatisfy(reason -> assertThat(reason).contains("READER_FIELD_MISSING_DEFAULT").contains("ticketId"));
    }

    @Test
    @DisplayName("accepts the same field added with a default")
    void fieldWithDefault() {
      Schema changed = withExtraField(current, "MaintenanceRequested", true);

      assertThat(ReleasedSchemas.incompatibilities(changed, current)).isEmpty();
    }

    @Test
    @DisplayName("rejects an enum symbol removed from a state")
    void removedEnumSymbol() {
      Schema state = WindowStateSnapshot.getClassSchema();
      Schema changed = parse(state.toString().replace("\"MISSED\",", "").replace(",\"MISSED\"", ""));
      assertThat(changed.toString()).doesNotContain("\"MISSED\"");

      assertThat(ReleasedSchemas.incompatibilities(changed, state))
          .anySatisfy(reason -> assertThat(reason).contains("MISSING_ENUM_SYMBOLS").contains("MISSED"));
    }

    @Test
    @DisplayName("rejects an event type removed from an envelope's payload union")
    void removedUnionBranch() {
      List<Schema> branches = current.getField("payload").schema().getTypes();
      Schema fewer = Schema.createUnion(branches.subList(0, branches.size() - 1));
      List<Schema.Field> fields =
          current.getFields().stream()
              .map(f -> new Schema.Field(f.name(), f.name().equals("payload") ? fewer : f.schema(), f.doc()))
              .toList();
      Schema changed =
          Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);

      assertThat(ReleasedSchemas.incompatibilities(changed, current)).isNotEmpty();
    }

    @Test
    @DisplayName("asks for a new snapshot when a compatible change is not yet released")
    void compatibleChangeNeedsSnapshot(@TempDir Path dir) {
      ReleasedSchemas released = new ReleasedSchemas(dir);
      released.release("demo-value", current);
      Schema changed = withExtraField(current, "MaintenanceRequested", true);

      assertThat(released.problems("demo-value", changed))
          .singleElement()
          .satisfies(
              message ->
                  assertThat(message)
                      .contains("differs from its latest released snapshot v1")
                      .contains("write v2")
                      .contains(ReleasedSchemas.RELEASE_COMMAND));
    }

    @Test
    @DisplayName("tells the developer to make an incompatible change compatible, not to snapshot it")
    void incompatibleChangeIsExplained(@TempDir Path dir) {
      ReleasedSchemas released = new ReleasedSchemas(dir);
      released.release("demo-value", current);
      Schema changed = withExtraField(current, "MaintenanceRequested", false);

      assertThat(released.problems("demo-value", changed))
          .singleElement()
          .satisfies(
              message ->
                  assertThat(message)
                      .contains("cannot read data written with released v1")
                      .contains("add fields with defaults"));
    }

    @Test
    @DisplayName("reports a subject without any snapshot")
    void missingSnapshot(@TempDir Path dir) {
      assertThat(new ReleasedSchemas(dir).problems("demo-value", current))
          .singleElement()
          .satisfies(message -> assertThat(message).contains("has no released snapshot"));
    }
  }

  /** {@code schema} with a string field {@code ticketId} appended to the named record. */
  static Schema withExtraField(Schema schema, String recordName, boolean withDefault) {
    String field =
        withDefault
            ? "{\"name\":\"ticketId\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"Change ticket.\"}"
            : "{\"name\":\"ticketId\",\"type\":\"string\",\"doc\":\"Change ticket.\"}";
    String json = schema.toString();
    int record = json.indexOf("\"name\":\"" + recordName + "\"");
    int fields = json.indexOf("\"fields\":[", record) + "\"fields\":[".length();
    Schema changed = parse(json.substring(0, fields) + field + "," + json.substring(fields));
    assertThat(changed.toString()).contains("ticketId");
    return changed;
  }

  static Schema parse(String json) {
    return new Schema.Parser().parse(json);
  }
}
