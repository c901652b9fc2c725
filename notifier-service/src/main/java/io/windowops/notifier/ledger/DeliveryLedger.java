package io.windowops.notifier.ledger;

import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.NotificationChannel;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery ledger in memory: the latest {@link DeliveryRecord} per delivery key, rebuilt
 * from the compacted {@code windowops.deliveries.v1} at start and updated as entries are
 * written. It also answers which channel id a window's first message got (Slack thread, Statuspage
 * incident), so updates land on the same thread or incident after a restart.
 */
public final class DeliveryLedger {

  private final Map<String, DeliveryRecord> entries = new ConcurrentHashMap<>();

  public Optional<DeliveryRecord> get(DeliveryKey key) {
    return Optional.ofNullable(entries.get(key.toString()));
  }

  /** Applies one ledger topic record (null value = tombstone). */
  public void apply(String key, DeliveryRecord value) {
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
    }
  }

  public void put(DeliveryRecord value) {
    entries.put(value.getDeliveryKey(), value);
  }

  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  /** The external id of the window's earliest delivered message on this channel target. */
  public Optional<String> firstExternalId(String windowId, NotificationChannel channel, String target) {
    return entries.values().stream()
        .filter(r -> r.getWindowId().equals(windowId)
            && r.getChannel() == channel
            && r.getTarget().equals(target)
            && r.getState() == DeliveryState.DELIVERED
            && r.getExternalId() != null)
        .min(Comparator.comparing(DeliveryRecord::getStartedAt).thenComparing(DeliveryRecord::getUpdatedAt))
        .map(DeliveryRecord::getExternalId);
  }
}
