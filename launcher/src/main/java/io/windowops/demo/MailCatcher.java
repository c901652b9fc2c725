package io.windowops.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server on a free loopback port (GreenMail) that keeps every message it receives,
 * so the demo can route the notifier's email to it and show what arrived.
 */
public final class MailCatcher implements AutoCloseable {

  /** The notifier's header naming the delivery: {@code window/notice/channel/target}. */
  static final String DELIVERY_HEADER = "X-WindowOps-Delivery";

  /** One caught message: its delivery key and subject. */
  public record Mail(String delivery, String subject) {
    public String windowId() {
      return delivery.split("/", 2)[0];
    }

    public String notice() {
      String[] parts = delivery.split("/");
      return parts.length > 1 ? parts[1] : "";
    }
  }

  private final GreenMail server;

  private MailCatcher(GreenMail server) {
    this.server = server;
  }

  public static MailCatcher start() {
    GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    return new MailCatcher(server);
  }

  public int port() {
    return server.getSmtp().getPort();
  }

  /** Everything received so far, in arrival order. */
  public List<Mail> received() {
    List<Mail> mails = new ArrayList<>();
    for (MimeMessage m : server.getReceivedMessages()) {
      try {
        String delivery = m.getHeader(DELIVERY_HEADER, null);
        mails.add(new Mail(delivery == null ? "?" : delivery, m.getSubject()));
      } catch (MessagingException unreadable) {
        mails.add(new Mail("?", "(unreadable message: " + unreadable.getMessage() + ")"));
      }
    }
    return mails;
  }

  @Override
  public void close() {
    server.stop();
  }
}
