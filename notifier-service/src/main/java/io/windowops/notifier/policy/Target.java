package io.windowops.notifier.policy;

import io.windowops.events.NotificationChannel;
import java.util.List;
import java.util.Optional;

/**
 * A named place a notice goes to. The name (never a URL or a secret) is the {@code target} of
 * the delivery key, so renaming a target in the policy starts a new delivery series.
 */
public sealed interface Target {

  String name();

  NotificationChannel channel();

  /** An email recipient list: one message per list, all recipients in To. */
  record Email(String name, List<String> to, String from) implements Target {
    public NotificationChannel channel() {
      return NotificationChannel.EMAIL;
    }
  }

  /**
   * A Slack channel, reached by an incoming webhook or, with a bot token, by {@code
   * chat.postMessage} (which allows threading updates under the window's first message).
   */
  record Slack(String name, String channelName, Optional<SecretRef> webhookUrl, Optional<SecretRef> botToken, String apiBase)
      implements Target {
    public NotificationChannel channel() {
      return NotificationChannel.SLACK;
    }
  }

  /** A generic JSON webhook; the body is signed with HMAC-SHA256 under {@code secret}. */
  record Webhook(String name, String url, SecretRef secret) implements Target {
    public NotificationChannel channel() {
      return NotificationChannel.WEBHOOK;
    }
  }

  /** An Atlassian Statuspage page; windows become scheduled maintenance incidents. */
  record Statuspage(String name, String pageId, SecretRef apiKey, List<String> componentIds, String apiBase)
      implements Target {
    public NotificationChannel channel() {
      return NotificationChannel.STATUSPAGE;
    }
  }

  /** The notifier's own status page (HTML, JSON and iCal feed). */
  record StatusPage(String name) implements Target {
    public NotificationChannel channel() {
      return NotificationChannel.STATUS_PAGE;
    }
  }
}
