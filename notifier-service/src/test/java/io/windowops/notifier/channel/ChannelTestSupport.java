package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.notifier.Fixtures;
import io.windowops.notifier.ledger.DeliveryKey;
import io.windowops.notifier.message.NoticeView;
import io.windowops.notifier.message.Templates;
import io.windowops.notifier.policy.SecretRef;
import io.windowops.notifier.policy.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

final class ChannelTestSupport {

  static final Templates TEMPLATES = Templates.fromClasspath();

  private ChannelTestSupport() {}

  static Delivery delivery(Target target, String noticeId, NoticeKind kind, Optional<String> thread) {
    NoticeDue n = Fixtures.notice(noticeId, kind, Fixtures.summary("production", MaintenanceType.PLANNED_OUTAGE));
    var message = TEMPLATES.render(NoticeView.templateName(n), NoticeView.of("MNT-7", n, Fixtures.START, Optional.empty()));
    return new Delivery(new DeliveryKey("MNT-7", noticeId, target.channel(), target.name()), target, n, message, thread);
  }

  static SecretRef secretFile(Path dir, String name, String value) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, value);
    return new SecretRef("file:" + f);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static DeliveryFailure failureOf(Future<?> f) throws Exception {
    try {
      await(f);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DeliveryFailure d) {
        return d;
      }
      throw e;
    }
    throw new AssertionError("expected the delivery to fail");
  }
}
