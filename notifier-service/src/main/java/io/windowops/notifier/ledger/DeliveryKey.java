package io.windowops.notifier.ledger;

import io.windowops.events.NotificationChannel;

/** One delivery: (window, message, channel, target). Its text form keys the ledger. */
public record DeliveryKey(String windowId, String messageKey, NotificationChannel channel, String target) {

  @Override
  public String toString() {
    return windowId + "/" + messageKey + "/" + channel + "/" + target;
  }
}
