package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.windowops.notifier.board.WindowBoard;

/**
 * The built-in status page as a channel: the page shows windows from the event stream itself,
 * so a notice is delivered once the board knows the window. This lets local mode (no external
 * channel configured) pass the scheduler's notice gate honestly.
 */
public final class BuiltInPageChannel implements Channel {

  private final WindowBoard board;

  public BuiltInPageChannel(WindowBoard board) {
    this.board = board;
  }

  @Override
  public Future<Sent> send(Delivery d) {
    if (board.get(d.key().windowId()).isEmpty()) {
      return Future.failedFuture(new DeliveryFailure("status page: window " + d.key().windowId() + " has no slot to show", true, 1));
    }
    return Future.succeededFuture(new Sent(null, 1));
  }

  @Override
  public boolean resendIsIdempotent() {
    return true;
  }
}
