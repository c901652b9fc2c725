package io.windowops.platform.registry;

import static io.windowops.platform.registry.TestSchemas.V1;
import static io.windowops.platform.registry.TestSchemas.V2;
import static io.windowops.platform.registry.TestSchemas.canonical;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.Json;
import io.windowops.schemas.registry.CompatibilityLevel;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Replaying the store topic")
class StoreRecordsTest {

  private final RegistryState state = new RegistryState();

  private void schema(String subject, int version, int id, String schema) {
    StoreRecords.apply(
        state,
        StoreRecords.schemaKey(subject, version),
        StoreRecords.schemaValue(subject, version, id, canonical(schema)));
  }

  @Test
  @DisplayName("rebuilds subjects, versions and ids, and hands out the next ones after them")
  void rebuilds() {
    schema("a-value", 1, 1, V1);
    schema("a-value", 2, 2, V2);
    schema("b-value", 1, 2, V2);

    assertThat(state.subjects()).containsExactly("a-value", "b-value");
    assertThat(state.versions("a-value")).containsExactly(entry(1, 1), entry(2, 2));
    assertThat(state.idOf(canonical(V2))).contains(2);
    assertThat(state.latest("b-value").orElseThrow().schema().canonical()).isEqualTo(canonical(V2));
    assertThat(state.nextId()).isEqualTo(3);
    assertThat(state.nextVersion("a-value")).isEqualTo(3);
    assertThat(state.nextVersion("new-value")).isEqualTo(1);
  }

  @Test
  @DisplayName("drops a soft-deleted or tombstoned version but keeps its id served and unused")
  void deletions() {
    schema("a-value", 1, 1, V1);
    schema("a-value", 2, 2, V2);
    StoreRecords.apply(
        state,
        StoreRecords.schemaKey("a-value", 2),
        "{\"subject\":\"a-value\",\"version\":2,\"id\":2,\"schema\":"
            + Json.encode(canonical(V2))
            + ",\"deleted\":true}");
    StoreRecords.apply(state, StoreRecords.schemaKey("a-value", 1), null);

    assertThat(state.hasSubject("a-value")).isFalse();
    assertThat(state.schema(2)).isPresent();
    assertThat(state.nextId()).isEqualTo(3);
    assertThat(state.nextVersion("a-value")).isEqualTo(3);
  }

  @Test
  @DisplayName("applies global and subject levels, and their removal")
  void levels() {
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.BACKWARD);

    StoreRecords.apply(
        state, StoreRecords.configKey(null), StoreRecords.configValue(CompatibilityLevel.FULL));
    StoreRecords.apply(
        state,
        StoreRecords.configKey("a-value"),
        StoreRecords.configValue(CompatibilityLevel.NONE));
    assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
    assertThat(state.effectiveLevel("a-value")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(state.effectiveLevel("b-value")).isEqualTo(CompatibilityLevel.FULL);

    StoreRecords.apply(state, StoreRecords.configKey("a-value"), null);
    assertThat(state.subjectLevel("a-value")).isEmpty();
  }

  @Test
  @DisplayName("ignores Confluent key types it does not use and rejects malformed records")
  void otherRecords() {
    assertThat(StoreRecords.apply(state, "{\"keytype\":\"NOOP\",\"magic\":0}", null)).isFalse();
    assertThat(
            StoreRecords.apply(
                state,
                "{\"keytype\":\"MODE\",\"subject\":null,\"magic\":0}",
                "{\"mode\":\"READWRITE\"}"))
        .isFalse();
    assertThatThrownBy(() -> StoreRecords.apply(state, "not json", "{}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key is not a JSON object");
    assertThatThrownBy(
            () ->
                StoreRecords.apply(
                    state,
                    StoreRecords.schemaKey("a-value", 1),
                    "{\"subject\":\"a-value\",\"version\":1}"))
        .hasMessage("missing id of a SCHEMA value");
  }

  @Test
  @DisplayName("gives readers copies that later records do not change")
  void copies() {
    schema("a-value", 1, 1, V1);
    RegistryState snapshot = state.copy();

    schema("a-value", 2, 2, V2);

    assertThat(snapshot.versions("a-value")).containsOnlyKeys(1);
    assertThat(state.versions("a-value")).containsOnlyKeys(1, 2);
  }

  private static Map.Entry<Integer, Integer> entry(int key, int value) {
    return Map.entry(key, value);
  }
}
