package io.windowops.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.DeadLetter;
import io.windowops.schemas.Topic.CleanupPolicy;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The topic registry")
class TopicsTest {

  @Test
  @DisplayName("lists the thirteen command, event, state and admission topics, and nothing else")
  void listsTheTopics() {
    assertThat(Topics.all())
        .containsExactly(
            Topics.REQUESTS,
            Topics.WINDOWS,
            Topics.STEPS,
            Topics.STEP_RESULTS,
            Topics.VALIDATIONS,
            Topics.VALIDATION_RESULTS,
            Topics.NOTIFICATIONS,
            Topics.WINDOW_STATE,
            Topics.EXECUTIONS,
            Topics.DELIVERIES,
            Topics.VALIDATOR_PROGRESS,
            Topics.ADMISSIONS,
            Topics.RESERVATIONS);
    assertThat(Topics.all()).noneMatch(Topic::isDlq);
  }

  @Test
  @DisplayName("gives every topic a unique name and subject, dead-letter topics included")
  void uniqueNames() {
    List<Topic<?>> topics = Topics.withDlqs();
    assertThat(topics).extracting(Topic::name).doesNotHaveDuplicates();
    assertThat(topics).extracting(Topic::subject).doesNotHaveDuplicates();
    assertThat(topics).extracting(Topic::name).noneMatch(Topics.SCHEMA_STORE::equals);
  }

  @Test
  @DisplayName("co-partitions every topic with the same partition count")
  void coPartitioned() {
    assertThat(Topics.withDlqs()).extracting(Topic::partitions).containsOnly(Topics.PARTITIONS);
    assertThat(Topics.PARTITIONS).isEqualTo(6);
  }

  @Test
  @DisplayName("compacts exactly the window state, the reservation table and the three side-effect ledgers")
  void compactedAreStateAndLedgers() {
    assertThat(Topics.withDlqs())
        .filteredOn(t -> t.cleanupPolicy() == CleanupPolicy.COMPACT)
        .containsExactlyInAnyOrder(
            Topics.WINDOW_STATE, Topics.EXECUTIONS, Topics.DELIVERIES, Topics.VALIDATOR_PROGRESS,
            Topics.RESERVATIONS);
    assertThat(CleanupPolicy.COMPACT.kafkaValue()).isEqualTo("compact");
    assertThat(CleanupPolicy.DELETE.kafkaValue()).isEqualTo("delete");
    assertThat(Topics.WINDOW_STATE.configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  @DisplayName("names every topic windowops.<name>.v<N> and its value subject <topic>-value")
  void naming() {
    assertThat(Topics.all()).extracting(Topic::name).allMatch(n -> n.matches("windowops\\.[a-z-]+\\.v[0-9]+"));
    assertThat(Topics.REQUESTS.subject()).isEqualTo(Topics.REQUESTS.name() + "-value");
  }

  @Test
  @DisplayName("pairs every topic with the generated class whose schema it registers")
  void valueSchemaMatchesClass() throws ReflectiveOperationException {
    for (Topic<?> topic : Topics.withDlqs()) {
      Schema classSchema = (Schema) topic.valueClass().getMethod("getClassSchema").invoke(null);
      assertThat(topic.valueSchema()).as(topic.name()).isEqualTo(classSchema);
    }
  }

  @Test
  @DisplayName("gives each topic a dead-letter topic <name>.dlq of DeadLetter values that is deleted, not compacted")
  void deadLetterTopics() {
    assertThat(Topics.withDlqs()).hasSize(2 * Topics.all().size());
    for (Topic<?> topic : Topics.all()) {
      Topic<DeadLetter> dlq = topic.dlq();
      assertThat(dlq.name()).isEqualTo(topic.name() + ".dlq");
      assertThat(dlq.cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE);
      assertThat(dlq.valueClass()).isEqualTo(DeadLetter.class);
      assertThat(dlq.isDlq()).isTrue();
      assertThat(Topics.withDlqs()).contains(dlq);
      assertThatThrownBy(dlq::dlq).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName("finds a topic by name, dead-letter topics included, and nothing for an unknown name")
  void byName() {
    assertThat(Topics.byName(Topics.STEPS.name())).contains(Topics.STEPS);
    assertThat(Topics.byName(Topics.STEPS.dlq().name())).contains(Topics.STEPS.dlq());
    assertThat(Topics.byName("no.such.topic")).isEmpty();
    assertThat(Topics.byName(Topics.SCHEMA_STORE)).isEmpty();
  }

  @Test
  @DisplayName("hands out immutable lists")
  void immutable() {
    assertThatThrownBy(() -> Topics.all().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Topics.withDlqs().add(Topics.REQUESTS))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @DisplayName("refuses a topic whose schema does not describe its value class, or without partitions")
  void validatesTopics() {
    assertThatThrownBy(
            () -> new Topic<>("x", 1, CleanupPolicy.DELETE, DeadLetter.class, Topics.REQUESTS.valueSchema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not describe");
    assertThatThrownBy(
            () -> new Topic<>("x", 0, CleanupPolicy.DELETE, DeadLetter.class, DeadLetter.getClassSchema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions");
  }
}
