package io.windowops.notifier.channel;

import static io.windowops.notifier.channel.ChannelTestSupport.await;
import static io.windowops.notifier.channel.ChannelTestSupport.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.windowops.notifier.policy.SecretRef;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.windowops.events.NoticeKind;
import io.windowops.notifier.policy.SmtpSettings;
import io.windowops.notifier.policy.Target;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailChannelTest {

  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("windowops", "smtp-pass-1"));

  @TempDir Path secrets;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("one message per recipient list, with subject, text and HTML parts and a Message-ID from the delivery key")
  void sendsBothParts() throws Exception {
    var smtp = new SmtpSettings("127.0.0.1", greenMail.getSmtp().getPort(), SmtpSettings.StartTls.OPTIONAL, false, Optional.empty(), Optional.empty());
    var channel = new EmailChannel(vertx, smtp);
    var target = new Target.Email("customers", List.of("a@example.com", "b@example.com"), "maintenance@example.com");

    Sent sent = await(channel.send(delivery(target, "initial", NoticeKind.INITIAL, Optional.empty())));

    MimeMessage[] received = greenMail.getReceivedMessages();
    assertThat(received).hasSize(2); // one SMTP transaction, delivered to both mailboxes
    MimeMessage m = received[0];
    assertThat(Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString))
        .containsExactly("a@example.com", "b@example.com");
    assertThat(m.getFrom()[0].toString()).isEqualTo("maintenance@example.com");
    assertThat(m.getSubject()).isEqualTo("[Scheduled maintenance] PostgreSQL 16 upgrade of orders-db on Tuesday 1 December 2026, 02:00 UTC–04:30 UTC");
    assertThat(m.getMessageID()).isEqualTo(sent.externalId()).isEqualTo(EmailChannel.messageId("MNT-7/initial/EMAIL/customers", "windowops.127.0.0.1"));
    MimeMultipart alternative = findAlternative(m);
    assertThat(alternative.getCount()).isEqualTo(2);
    assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(GreenMailUtil.getBody(alternative.getBodyPart(0))).contains("What to expect:");
    assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(alternative.getBodyPart(1).getContent().toString()).contains("<th align=\"left\">Impact</th><td>Orders cannot be placed or changed</td>");
  }

  @Test
  @DisplayName("SMTP authentication uses the password from its reference; a wrong one fails permanently")
  void authenticates() throws Exception {
    Path good = Files.writeString(secrets.resolve("good"), "smtp-pass-1\n");
    Path bad = Files.writeString(secrets.resolve("bad"), "wrong");
    var target = new Target.Email("ops", List.of("sre@example.com"), "maintenance@example.com");
    int port = greenMail.getSmtp().getPort();

    var ok = new EmailChannel(vertx, new SmtpSettings("127.0.0.1", port, SmtpSettings.StartTls.OPTIONAL, false,
        Optional.of("windowops"), Optional.of(new SecretRef("file:" + good))));
    await(ok.send(delivery(target, "start", NoticeKind.START, Optional.empty())));
    assertThat(greenMail.getReceivedMessages()).hasSize(1);

    var wrong = new EmailChannel(vertx, new SmtpSettings("127.0.0.1", port, SmtpSettings.StartTls.OPTIONAL, false,
        Optional.of("windowops"), Optional.of(new SecretRef("file:" + bad))));
    DeliveryFailure f = ChannelTestSupport.failureOf(wrong.send(delivery(target, "completion", NoticeKind.COMPLETION, Optional.empty())));
    assertThat(f.permanent()).isTrue();
    assertThat(f.getMessage()).startsWith("SMTP: ").doesNotContain("wrong");
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  private static MimeMultipart findAlternative(MimeMessage m) throws Exception {
    Object content = m.getContent();
    assertThat(content).isInstanceOf(MimeMultipart.class);
    MimeMultipart mp = (MimeMultipart) content;
    if (mp.getContentType().startsWith("multipart/alternative")) {
      return mp;
    }
    return (MimeMultipart) mp.getBodyPart(0).getContent();
  }
}
