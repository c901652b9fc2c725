package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.windowops.notifier.policy.SmtpSettings;
import io.windowops.notifier.policy.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Email through SMTP (Vert.x mail client, non-blocking): one message per recipient list with a
 * text and an HTML part. The Message-ID is derived from the delivery key, so a resend after a
 * crash carries the same id and mail systems that de-duplicate by Message-ID show it once.
 */
public final class EmailChannel implements Channel {

  private final MailClient client;
  private final String domain;

  public EmailChannel(Vertx vertx, SmtpSettings smtp) {
    MailConfig config =
        new MailConfig()
            .setHostname(smtp.host())
            .setPort(smtp.port())
            .setSsl(smtp.ssl())
            .setStarttls(switch (smtp.startTls()) {
              case DISABLED -> StartTLSOptions.DISABLED;
              case OPTIONAL -> StartTLSOptions.OPTIONAL;
              case REQUIRED -> StartTLSOptions.REQUIRED;
            })
            .setKeepAlive(true);
    if (smtp.username().isPresent()) {
      // Password methods only: XOAUTH2 would send the password as a bearer token.
      config.setLogin(LoginOption.REQUIRED).setAuthMethods("PLAIN LOGIN").setUsername(smtp.username().get());
      // Resolved here, once, from env: or file:; never logged.
      config.setPassword(smtp.password().orElseThrow().resolve());
    } else {
      config.setLogin(LoginOption.DISABLED);
    }
    this.client = MailClient.create(vertx, config);
    this.domain = "windowops." + smtp.host();
  }

  @Override
  public Future<Sent> send(Delivery d) {
    Target.Email target = (Target.Email) d.target();
    String messageId = messageId(d.key().toString(), domain);
    MailMessage mail =
        new MailMessage()
            .setFrom(target.from())
            .setTo(List.copyOf(target.to()))
            .setSubject(d.message().subject())
            .setText(d.message().text())
            .setHtml(d.message().html())
            .addHeader("Message-ID", messageId)
            .addHeader("X-WindowOps-Delivery", d.key().toString());
    return client
        .sendMail(mail)
        .map(result -> new Sent(messageId, 1))
        .recover(e -> Future.failedFuture(new DeliveryFailure("SMTP: " + e.getMessage(), isPermanent(e), 1)));
  }

  @Override
  public boolean resendIsIdempotent() {
    return true;
  }

  /** {@code <sha256(key)@windowops.host>}: stable per delivery key, safe in a header. */
  static String messageId(String deliveryKey, String domain) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(deliveryKey.getBytes(StandardCharsets.UTF_8));
      return "<" + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain + ">";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 5xx SMTP replies (e.g. 550 no such user) will not heal by retrying. */
  private static boolean isPermanent(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return m.matches("(?s).*\\b5\\d\\d[ -].*") && !m.contains("421");
  }

  public void close() {
    client.close();
  }
}
