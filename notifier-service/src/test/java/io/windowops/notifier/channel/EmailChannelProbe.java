package io.windowops.notifier.channel;

/** Exposes the Message-ID derivation to tests in other packages. */
public final class EmailChannelProbe {
  private EmailChannelProbe() {}

  public static String messageId(String deliveryKey, String domain) {
    return EmailChannel.messageId(deliveryKey, domain);
  }
}
