package io.windowops.notifier.channel;

import io.vertx.core.Future;

/** Sends a delivery to one kind of target; fails with {@link DeliveryFailure}. */
public interface Channel {

  Future<Sent> send(Delivery delivery);

  /**
   * Whether an attempt interrupted by a crash (ledger STARTED, no outcome) may be sent again
   * because the receiver can recognise the repeat by an id derived from the delivery key.
   */
  boolean resendIsIdempotent();
}
