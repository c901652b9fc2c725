package io.windowops.validator.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The progress ledger's keys")
class ProgressKeysTest {

  @Test
  @DisplayName("put both entries of a validation in the partition Kafka gives its window id")
  void coPartitioned() {
    for (int i = 0; i < 200; i++) {
      String window = "MNT-2026-" + i;
      int kafka = BuiltInPartitioner.partitionForKey(window.getBytes(StandardCharsets.UTF_8), Topics.PARTITIONS);
      assertThat(ProgressKeys.partition(window)).as(window).isEqualTo(kafka);
    }
  }

  @Test
  @DisplayName("tell the accepted entry from the progress entry")
  void acceptedKey() {
    assertThat(ProgressKeys.acceptedKey("MNT-1", "post")).isEqualTo("MNT-1/post#accepted");
    assertThat(ProgressKeys.isAccepted(ProgressKeys.acceptedKey("MNT-1", "post"))).isTrue();
    assertThat(ProgressKeys.isAccepted(ProgressKeys.progressKey("MNT-1", "post"))).isFalse();
  }

  @Test
  @DisplayName("derive the same outcome eventId for the same validation, a different one otherwise")
  void outcomeEventId() {
    String id = ProgressKeys.outcomeEventId("MNT-1", "post");

    assertThat(ProgressKeys.outcomeEventId("MNT-1", "post")).isEqualTo(id);
    assertThat(ProgressKeys.outcomeEventId("MNT-1", "baseline")).isNotEqualTo(id);
    assertThat(ProgressKeys.outcomeEventId("MNT-2", "post")).isNotEqualTo(id);
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
  }
}
