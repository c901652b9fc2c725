package io.windowops.notifier.ledger;

import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.NotificationChannel;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery ledger in memory: the latest {@link DeliveryRecord} per delivery key, following
 * the compacted {@code windowops.deliveries.v1} (every instance's entries) and updated at once
 * with this instance's own writes. Each entry keeps the offset it was written at, so the follower,
 * which may lag behind an own write, never puts an older state back. It also answers which
 * channel id a window's first message got (Slack thread, Statuspage incident), so updates land on
 * the same thread or incident after a restart.
 */
public final class DeliveryLedger {

  private record Entry(DeliveryRecord value, long offset) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public Optional<DeliveryRecord> get(DeliveryKey key) {
    return Optional.ofNullable(entries.get(key.toString())).map(Entry::value);
  }

  /**
   * Applies one ledger topic record at {@code offset} (null value = tombstone), unless a later
   * record of the same key (they share a partition) is already held.
   */
  public void apply(String key, DeliveryRecord value, long offset) {
    entries.compute(key, (k, held) -> {
      if (held != null && held.offset() > offset) {
        return held;
      }
      return value == null ? null : new Entry(value, offset);
    });
  }

  /** An entry this instance wrote, acknowledged at {@code offset}. */
  public void put(DeliveryRecord value, long offset) {
    apply(value.getDeliveryKey(), value, offset);
  }

  public int size() {
    return entries.size();
  }

  /** The external id of the window's earliest delivered message on this channel target. */
  public Optional<String> firstExternalId(String windowId, NotificationChannel channel, String target) {
    return entries.values().stream()
        .map(Entry::value)
        .filter(r -> r.getWindowId().equals(windowId)
            && r.getChannel() == channel
            && r.getTarget().equals(target)
            && r.getState() == DeliveryState.DELIVERED
            && r.getExternalId() != null)
        .min(Comparator.comparing(DeliveryRecord::getStartedAt).thenComparing(DeliveryRecord::getUpdatedAt))
        .map(DeliveryRecord::getExternalId);
  }
}
