package io.windowops.notifier.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.NotificationChannel;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The delivery ledger in memory")
class DeliveryLedgerTest {

  private static final DeliveryKey KEY = new DeliveryKey("MNT-1", "initial", NotificationChannel.SLACK, "ops-slack");
  private final DeliveryLedger ledger = new DeliveryLedger();

  @Test
  @DisplayName("keeps an own DELIVERED entry when the follower, lagging behind, reads the older STARTED entry")
  void followerNeverGoesBack() {
    ledger.put(entry(DeliveryState.STARTED), 10);
    ledger.put(entry(DeliveryState.DELIVERED), 12);

    ledger.apply(KEY.toString(), entry(DeliveryState.STARTED), 10);
    assertThat(ledger.get(KEY)).hasValueSatisfying(r -> assertThat(r.getState()).isEqualTo(DeliveryState.DELIVERED));

    ledger.apply(KEY.toString(), entry(DeliveryState.DELIVERED), 12);
    assertThat(ledger.get(KEY)).hasValueSatisfying(r -> assertThat(r.getState()).isEqualTo(DeliveryState.DELIVERED));
  }

  @Test
  @DisplayName("takes what another instance wrote later, and drops a key at a later tombstone")
  void followsLaterRecords() {
    ledger.apply(KEY.toString(), entry(DeliveryState.STARTED), 3);
    ledger.apply(KEY.toString(), entry(DeliveryState.FAILED), 4);
    assertThat(ledger.get(KEY)).hasValueSatisfying(r -> assertThat(r.getState()).isEqualTo(DeliveryState.FAILED));

    ledger.apply(KEY.toString(), null, 2);
    assertThat(ledger.get(KEY)).isPresent();
    ledger.apply(KEY.toString(), null, 5);
    assertThat(ledger.get(KEY)).isEmpty();
  }

  private static DeliveryRecord entry(DeliveryState state) {
    Instant t = Instant.parse("2026-12-02T10:00:00Z");
    return DeliveryRecord.newBuilder()
        .setDeliveryKey(KEY.toString())
        .setWindowId(KEY.windowId())
        .setMessageKey(KEY.messageKey())
        .setChannel(KEY.channel())
        .setTarget(KEY.target())
        .setState(state)
        .setAttempts(1)
        .setSourceEventId("e-1")
        .setStartedAt(t)
        .setUpdatedAt(t)
        .build();
  }
}
