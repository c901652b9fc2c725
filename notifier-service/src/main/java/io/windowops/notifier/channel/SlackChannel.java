package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.windowops.notifier.policy.Target;

/**
 * Slack via an incoming webhook, or via {@code chat.postMessage} with a bot token, where every
 * message after the window's first is threaded under it. Block Kit payload with a text fallback.
 */
public final class SlackChannel implements Channel {

  private static final int HEADER_MAX = 150;
  private static final int SECTION_MAX = 3000;

  private final WebClient client;
  private final HttpDelivery http;
  private final Secrets secrets;

  public SlackChannel(WebClient client, HttpDelivery http, Secrets secrets) {
    this.client = client;
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public Future<Sent> send(Delivery d) {
    Target.Slack target = (Target.Slack) d.target();
    JsonObject payload = payload(d);
    String what = "Slack " + target.channelName();
    String rateKey = "slack:" + target.channelName();
    if (target.webhookUrl().isPresent()) {
      return secrets.resolve(target.webhookUrl().get())
          .compose(url -> http.send(what, rateKey, () -> client.postAbs(url).timeout(HttpDelivery.REQUEST_TIMEOUT_MS).sendJsonObject(payload)))
          .map(r -> new Sent(null, r.attempts()));
    }
    payload.put("channel", target.channelName());
    d.windowThread().ifPresent(ts -> payload.put("thread_ts", ts));
    return secrets.resolve(target.botToken().orElseThrow())
        .compose(token -> http.send(
            what,
            rateKey,
            () -> client.postAbs(target.apiBase() + "/chat.postMessage").timeout(HttpDelivery.REQUEST_TIMEOUT_MS).bearerTokenAuthentication(token).sendJsonObject(payload)))
        .compose(
            r -> {
              JsonObject body = r.response().bodyAsJsonObject();
              if (body == null || !body.getBoolean("ok", false)) {
                String error = body == null ? "no body" : body.getString("error", "unknown error");
                // chat.postMessage reports channel_not_found, not_in_channel, invalid_auth ...
                // with HTTP 200: none heals by retrying.
                return Future.failedFuture(new DeliveryFailure(what + ": " + error, true, r.attempts()));
              }
              return Future.succeededFuture(new Sent(body.getString("ts"), r.attempts()));
            });
  }

  @Override
  public boolean resendIsIdempotent() {
    return false;
  }

  static JsonObject payload(Delivery d) {
    String subject = cut(d.message().subject(), HEADER_MAX);
    JsonArray blocks =
        new JsonArray()
            .add(new JsonObject().put("type", "header").put("text", plain(subject)))
            .add(new JsonObject()
                .put("type", "section")
                .put("text", new JsonObject().put("type", "mrkdwn").put("text", cut(mrkdwnEscape(d.message().text()), SECTION_MAX))))
            .add(new JsonObject()
                .put("type", "context")
                .put("elements", new JsonArray().add(new JsonObject().put("type", "mrkdwn").put("text", "Window " + mrkdwnEscape(d.key().windowId())))));
    return new JsonObject().put("text", subject).put("blocks", blocks);
  }

  private static JsonObject plain(String text) {
    return new JsonObject().put("type", "plain_text").put("text", text);
  }

  /** Slack's three control characters in mrkdwn text. */
  static String mrkdwnEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
