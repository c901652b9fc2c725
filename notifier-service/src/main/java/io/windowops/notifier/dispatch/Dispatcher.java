package io.windowops.notifier.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.DeliveryState;
import io.windowops.events.EventMetadata;
import io.windowops.events.NoticeDue;
import io.windowops.events.NotificationChannel;
import io.windowops.events.NotificationDelivered;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.NotificationFailed;
import io.windowops.notifier.board.BoardEntry;
import io.windowops.notifier.board.WindowBoard;
import io.windowops.notifier.channel.Channel;
import io.windowops.notifier.channel.Delivery;
import io.windowops.notifier.channel.DeliveryFailure;
import io.windowops.notifier.channel.Sent;
import io.windowops.notifier.ledger.DeliveryKey;
import io.windowops.notifier.ledger.DeliveryLedger;
import io.windowops.notifier.ledger.DeliveryLog;
import io.windowops.notifier.message.NoticeView;
import io.windowops.notifier.message.RenderedMessage;
import io.windowops.notifier.message.Templates;
import io.windowops.notifier.policy.RoutingPolicy;
import io.windowops.notifier.policy.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link NoticeDue} into one delivery per routed target, exactly once per (window,
 * message, channel, target): the ledger entry STARTED is durable before anything is sent, and
 * DELIVERED/FAILED is written together with the delivery fact. A key already DELIVERED (or
 * permanently FAILED) is skipped; a key left STARTED by a crash is resent only where the channel
 * lets the receiver recognise the repeat, and otherwise reported as failed, never guessed.
 *
 * <p>A transient failure is sent again under {@link DeliveryRetry} before the outcome is recorded
 * (the input offset waits for it); when the budget runs out, FAILED is recorded with the last
 * reason and the number of attempts.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final RoutingPolicy policy;
  private final Templates templates;
  private final Map<NotificationChannel, Channel> channels;
  private final DeliveryLedger ledger;
  private final DeliveryLog log;
  private final WindowBoard board;
  private final Clock clock;
  private final Vertx vertx;
  private final DeliveryRetry retry;
  private final MeterRegistry meters;
  private final String meterName;
  private final Map<String, Future<Void>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

  public Dispatcher(
      RoutingPolicy policy,
      Templates templates,
      Map<NotificationChannel, Channel> channels,
      DeliveryLedger ledger,
      DeliveryLog log,
      WindowBoard board,
      Clock clock,
      Vertx vertx,
      DeliveryRetry retry,
      MeterRegistry meters,
      String meterPrefix) {
    this.policy = policy;
    this.templates = templates;
    this.channels = channels;
    this.ledger = ledger;
    this.log = log;
    this.board = board;
    this.clock = clock;
    this.vertx = vertx;
    this.retry = retry;
    this.meters = meters;
    this.meterName = meterPrefix + ".deliveries";
  }

  /** Completes when every target's outcome is durable (a failed send is an outcome, not an error). */
  public Future<Void> onNotice(String windowId, EventMetadata meta, NoticeDue notice) {
    List<Target> targets = policy.targetsFor(notice);
    if (targets.isEmpty()) {
      LOG.info("Notice {} of window {} matches no route", notice.getNoticeId(), windowId);
      return Future.succeededFuture();
    }
    Optional<Instant> openedAt = board.get(windowId).map(BoardEntry::openedAt);
    RenderedMessage message =
        templates.render(NoticeView.templateName(notice), NoticeView.of(windowId, notice, meta.getOccurredAt(), openedAt));
    List<Future<Void>> all =
        targets.stream().map(t -> deliver(windowId, meta, notice, t, message)).toList();
    return Future.all(all).mapEmpty();
  }

  private Future<Void> deliver(String windowId, EventMetadata meta, NoticeDue notice, Target target, RenderedMessage message) {
    DeliveryKey key = new DeliveryKey(windowId, notice.getNoticeId(), target.channel(), target.name());
    // A record retried after a handler timeout joins the attempt still running here instead of
    // mistaking its STARTED entry for one left by a crash.
    Future<Void> running = inFlight.get(key.toString());
    if (running != null) {
      return running;
    }
    Future<Void> attempt = attempt(key, windowId, meta, notice, target, message);
    inFlight.put(key.toString(), attempt);
    return attempt.onComplete(ar -> inFlight.remove(key.toString()));
  }

  private Future<Void> attempt(
      DeliveryKey key, String windowId, EventMetadata meta, NoticeDue notice, Target target, RenderedMessage message) {
    Channel channel = channels.get(target.channel());
    Optional<DeliveryRecord> prior = ledger.get(key);
    if (prior.isPresent()) {
      DeliveryRecord p = prior.get();
      if (p.getState() == DeliveryState.DELIVERED || (p.getState() == DeliveryState.FAILED && p.getPermanent())) {
        count(target.channel(), "duplicate");
        LOG.debug("Delivery {} already {}; not sent again", key, p.getState());
        return Future.succeededFuture();
      }
      if (p.getState() == DeliveryState.STARTED && !channel.resendIsIdempotent()) {
        // We crashed between sending and recording: the message may or may not be out, and this
        // channel cannot de-duplicate. Report it instead of risking a second copy.
        count(target.channel(), "interrupted");
        LOG.warn("Delivery {} was interrupted by a restart; {} cannot de-duplicate, so it is reported, not resent", key, target.channel());
        return fail(key, meta, p, new DeliveryFailure(
            "interrupted by a restart before the outcome was recorded; the message may have been sent and is not resent", true, 1));
      }
    }
    int before = prior.map(DeliveryRecord::getAttempts).orElse(0);
    Instant now = clock.instant();
    DeliveryRecord started =
        DeliveryRecord.newBuilder()
            .setDeliveryKey(key.toString())
            .setWindowId(windowId)
            .setMessageKey(notice.getNoticeId())
            .setChannel(target.channel())
            .setTarget(target.name())
            .setState(DeliveryState.STARTED)
            .setAttempts(before + 1)
            .setSourceEventId(meta.getEventId())
            .setStartedAt(prior.map(DeliveryRecord::getStartedAt).orElse(now))
            .setUpdatedAt(now)
            .build();
    Optional<String> thread = ledger.firstExternalId(windowId, target.channel(), target.name());
    Delivery delivery = new Delivery(key, target, notice, message, thread);
    return log.started(started)
        .compose(v -> sendRetrying(channel, delivery, System.nanoTime(), 1, 0))
        .transform(ar -> ar.succeeded() ? succeed(key, meta, started, ar.result()) : fail(key, meta, started, failure(ar.cause())));
  }

  /** Round {@code round} of sending; {@code attemptsBefore} counts the channel's attempts so far. */
  private Future<Sent> sendRetrying(Channel channel, Delivery d, long began, int round, int attemptsBefore) {
    return send(channel, d).transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(new Sent(ar.result().externalId(), attemptsBefore + ar.result().attempts()));
      }
      if (!(ar.cause() instanceof DeliveryFailure f)) {
        return Future.failedFuture(ar.cause()); // not a delivery fault (e.g. a secret not set): no retry helps
      }
      int attempts = attemptsBefore + f.attempts();
      if (f.permanent()) {
        return Future.failedFuture(new DeliveryFailure(f.getMessage(), true, attempts));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - began);
      Optional<Duration> wait = retry.next(round, elapsed);
      if (wait.isEmpty()) {
        return Future.failedFuture(new DeliveryFailure(
            f.getMessage() + " (gave up after " + attempts + " attempts in " + elapsed.toSeconds() + " s)", false, attempts));
      }
      LOG.info("Delivery {} failed transiently ({}); sending again in {} ms", d.key(), f.getMessage(), wait.get().toMillis());
      Promise<Void> waited = Promise.promise();
      vertx.setTimer(Math.max(1, wait.get().toMillis()), t -> waited.complete());
      return waited.future().compose(v -> sendRetrying(channel, d, began, round + 1, attempts));
    });
  }

  private static Future<Sent> send(Channel channel, Delivery d) {
    try {
      return channel.send(d);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> succeed(DeliveryKey key, EventMetadata meta, DeliveryRecord started, Sent sent) {
    int attempts = started.getAttempts() - 1 + sent.attempts();
    DeliveryRecord done =
        DeliveryRecord.newBuilder(started)
            .setState(DeliveryState.DELIVERED)
            .setAttempts(attempts)
            .setExternalId(sent.externalId())
            .setUpdatedAt(clock.instant())
            .build();
    NotificationDelivered fact =
        NotificationDelivered.newBuilder()
            .setDeliveryKey(key.toString())
            .setMessageKey(key.messageKey())
            .setChannel(key.channel())
            .setTarget(key.target())
            .setExternalId(sent.externalId())
            .setAttempts(attempts)
            .build();
    count(key.channel(), "delivered");
    LOG.info("Delivered {} after {} attempt(s)", key, attempts);
    return log.finished(done, key.windowId(), envelope(key, meta, fact));
  }

  private Future<Void> fail(DeliveryKey key, EventMetadata meta, DeliveryRecord started, DeliveryFailure f) {
    int attempts = started.getAttempts() - 1 + f.attempts();
    DeliveryRecord done =
        DeliveryRecord.newBuilder(started)
            .setState(DeliveryState.FAILED)
            .setAttempts(attempts)
            .setError(f.getMessage())
            .setPermanent(f.permanent())
            .setUpdatedAt(clock.instant())
            .build();
    NotificationFailed fact =
        NotificationFailed.newBuilder()
            .setDeliveryKey(key.toString())
            .setMessageKey(key.messageKey())
            .setChannel(key.channel())
            .setTarget(key.target())
            .setError(f.getMessage())
            .setPermanent(f.permanent())
            .setAttempts(attempts)
            .build();
    count(key.channel(), "failed");
    LOG.warn("Delivery {} failed ({}): {}", key, f.permanent() ? "permanent" : "transient, retries exhausted", f.getMessage());
    return log.finished(done, key.windowId(), envelope(key, meta, fact));
  }

  private static DeliveryFailure failure(Throwable e) {
    if (e instanceof DeliveryFailure f) {
      return f;
    }
    // e.g. a secret reference that is not set: an operator must fix the environment.
    return new DeliveryFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), false, 1);
  }

  private NotificationEnvelope envelope(DeliveryKey key, EventMetadata cause, Object payload) {
    EventMetadata meta =
        EventMetadata.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes((key + "/" + payload.getClass().getSimpleName() + "/" + cause.getEventId()).getBytes()).toString())
            .setWindowId(key.windowId())
            .setOccurredAt(clock.instant())
            .setCausationId(cause.getEventId())
            .setCorrelationId(cause.getCorrelationId())
            .setActor("notifier")
            .build();
    return NotificationEnvelope.newBuilder().setMetadata(meta).setPayload(payload).build();
  }

  private void count(NotificationChannel channel, String outcome) {
    Counter.builder(meterName)
        .description("Deliveries by channel and outcome")
        .tag("channel", channel.name().toLowerCase())
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }
}
