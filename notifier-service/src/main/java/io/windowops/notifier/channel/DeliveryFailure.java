package io.windowops.notifier.channel;

/** A delivery that did not succeed; {@code permanent} when retrying cannot help (e.g. 404/410). */
public final class DeliveryFailure extends RuntimeException {

  private final boolean permanent;
  private final int attempts;

  public DeliveryFailure(String message, boolean permanent, int attempts) {
    super(message, null, false, false);
    this.permanent = permanent;
    this.attempts = attempts;
  }

  public boolean permanent() {
    return permanent;
  }

  public int attempts() {
    return attempts;
  }
}
