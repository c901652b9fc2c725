package io.windowops.executor.freeze;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AbortRequested;
import io.windowops.events.EventMetadata;
import io.windowops.events.FreezeAll;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.Unfreeze;
import io.windowops.schemas.FreezeKey;
import io.windowops.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The global freeze state")
class FreezeStateTest {

  private static final Instant AT = Instant.parse("2026-11-23T13:00:00Z");

  private static RequestEnvelope event(String key, Object payload) {
    return new RequestEnvelope(
        EventMetadata.newBuilder().setEventId("e-" + payload.hashCode()).setWindowId(key).setOccurredAt(AT).setActor("user:alice").build(),
        payload);
  }

  @Test
  @DisplayName("follows the last FreezeAll or Unfreeze under the freeze key, with who and why")
  void followsTheLastEvent() {
    FreezeState frozen = FreezeState.LIFTED.after(FreezeKey.WINDOW_ID, event(FreezeKey.WINDOW_ID, new FreezeAll("INC-7", "user:alice")));
    assertThat(frozen).isEqualTo(new FreezeState(true, "INC-7", "user:alice", AT));

    FreezeState lifted = frozen.after(FreezeKey.WINDOW_ID, event(FreezeKey.WINDOW_ID, new Unfreeze("resolved", "user:bob")));
    assertThat(lifted).isEqualTo(new FreezeState(false, "resolved", "user:bob", AT));
  }

  @Test
  @DisplayName("ignores other keys and other requests sharing the partition")
  void ignoresOthers() {
    FreezeState frozen = new FreezeState(true, "INC-7", "user:alice", AT);
    assertThat(frozen.after("MNT-2026-0042", event("MNT-2026-0042", new Unfreeze("sneaky", "user:mallory")))).isSameAs(frozen);
    assertThat(frozen.after(FreezeKey.WINDOW_ID, event(FreezeKey.WINDOW_ID, new AbortRequested("x")))).isSameAs(frozen);
    assertThat(frozen.after(FreezeKey.WINDOW_ID, null)).isSameAs(frozen);
  }

  @Test
  @DisplayName("reads the partition Kafka's default partitioner writes the freeze key to")
  void partitionMatchesTheProducer() {
    for (int partitions : new int[] {1, 3, Topics.PARTITIONS, 12, 50}) {
      assertThat(GlobalFreeze.partitionOf(FreezeKey.WINDOW_ID, partitions))
          .isEqualTo(BuiltInPartitioner.partitionForKey(FreezeKey.WINDOW_ID.getBytes(StandardCharsets.UTF_8), partitions));
    }
  }
}
