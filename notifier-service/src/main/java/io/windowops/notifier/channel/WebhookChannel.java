package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.windowops.events.NoticeDue;
import io.windowops.notifier.policy.Target;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic JSON webhook (Teams, PagerDuty, chat bots). The exact body bytes are signed with
 * HMAC-SHA256 ({@code X-WindowOps-Signature: sha256=<hex>}); {@code X-WindowOps-Delivery}
 * carries the delivery key as an idempotency key, so receivers can drop a resend after a crash.
 */
public final class WebhookChannel implements Channel {

  public static final String SIGNATURE_HEADER = "X-WindowOps-Signature";
  public static final String DELIVERY_HEADER = "X-WindowOps-Delivery";

  private final WebClient client;
  private final HttpDelivery http;
  private final Secrets secrets;

  public WebhookChannel(WebClient client, HttpDelivery http, Secrets secrets) {
    this.client = client;
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public Future<Sent> send(Delivery d) {
    Target.Webhook target = (Target.Webhook) d.target();
    Buffer body = body(d).toBuffer();
    return secrets.resolve(target.secret())
        .compose(key -> {
          String signature = "sha256=" + hmac(key, body.getBytes());
          return http.send(
              "webhook " + target.name(),
              "webhook:" + target.name(),
              () ->
                  client
                      .postAbs(target.url()).timeout(HttpDelivery.REQUEST_TIMEOUT_MS)
                      .putHeader("Content-Type", "application/json")
                      .putHeader(SIGNATURE_HEADER, signature)
                      .putHeader(DELIVERY_HEADER, d.key().toString())
                      .sendBuffer(body));
        })
        .map(r -> new Sent(null, r.attempts()));
  }

  @Override
  public boolean resendIsIdempotent() {
    return true;
  }

  static JsonObject body(Delivery d) {
    NoticeDue n = d.notice();
    JsonObject window =
        new JsonObject()
            .put("id", d.key().windowId())
            .put("title", n.getSummary().getTitle())
            .put("environment", n.getSummary().getEnvironment())
            .put("maintenanceType", n.getSummary().getMaintenanceType().name())
            .put("services", n.getSummary().getServices())
            .put("impact", n.getSummary().getImpact())
            .put("scheduledStart", n.getScheduledStart() == null ? null : n.getScheduledStart().toString())
            .put("scheduledEnd", n.getScheduledEnd() == null ? null : n.getScheduledEnd().toString());
    return new JsonObject()
        .put("deliveryKey", d.key().toString())
        .put("notice", n.getNoticeId())
        .put("kind", n.getKind().name())
        .put("window", window)
        .put("subject", d.message().subject())
        .put("text", d.message().text());
  }

  public static String hmac(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
