package io.windowops.notifier;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.NoticeDue;
import io.windowops.events.NotificationChannel;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.notifier.board.StatusPageRoutes;
import io.windowops.notifier.board.WindowBoard;
import io.windowops.notifier.channel.Channel;
import io.windowops.notifier.channel.EmailChannel;
import io.windowops.notifier.channel.HttpDelivery;
import io.windowops.notifier.channel.RateLimiter;
import io.windowops.notifier.channel.Secrets;
import io.windowops.notifier.channel.SlackChannel;
import io.windowops.notifier.channel.BuiltInPageChannel;
import io.windowops.notifier.channel.StatuspageChannel;
import io.windowops.notifier.channel.WebhookChannel;
import io.windowops.notifier.dispatch.DeliveryRetry;
import io.windowops.notifier.dispatch.Dispatcher;
import io.windowops.notifier.ledger.DeliveryLedger;
import io.windowops.notifier.ledger.DeliveryLog;
import io.windowops.notifier.ledger.TopicReplay;
import io.windowops.notifier.message.Templates;
import io.windowops.notifier.policy.PolicyLoader;
import io.windowops.notifier.policy.RoutingPolicy;
import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.ConsumerHealth;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.Supervision;
import io.windowops.platform.kafka.TopicFollower;
import io.windowops.platform.service.EventTypeCounter;
import io.windowops.platform.service.WindowOpsService;
import io.windowops.schemas.Topics;
import io.windowops.schemas.serde.AvroDeserializer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans window events out to Slack, email, Statuspage, webhooks and the built-in status page,
 * exactly once per (window, message, channel, target). At start it rebuilds the delivery ledger
 * and the status board from their topics before it handles any input. The ledger then keeps
 * following its topic (every instance writes to it), and whenever windows partitions are
 * assigned, their records wait until the ledger has read everything committed before: what the
 * partitions' previous owner delivered is never sent again.
 *
 * <p>Configuration: {@code NOTIFIER_POLICY} (routing policy YAML; empty = built-in status page
 * only), {@code NOTIFIER_TEMPLATES} (template directory; empty = the bundled templates), {@code
 * NOTIFIER_RETRY_BUDGET} (how long a transiently failing delivery is retried, e.g. PT15S).
 */
public final class NotifierVerticle extends WindowOpsService {

  public static final String POLICY = "NOTIFIER_POLICY";
  public static final String TEMPLATES = "NOTIFIER_TEMPLATES";
  /** Where people reach the scheduler's API: completion notices link the review there. */
  public static final String SCHEDULER_URL = "WINDOWOPS_SCHEDULER_URL";

  private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

  private final WindowBoard board = new WindowBoard();
  private final DeliveryLedger ledger = new DeliveryLedger();
  private final Promise<Void> restored = Promise.promise();
  private static final Duration RESTORE_RETRY = Duration.ofSeconds(1);
  /**
   * How long an assignment (or the restore) waits for the ledger to reach the topic's end. A dead
   * instance's open transaction holds the end back until the transaction times out (60 s).
   */
  private static final Duration LEDGER_CATCH_UP = Duration.ofSeconds(90);

  private final Clock clock;
  private volatile boolean transactionsReady;
  private RoutingPolicy policy;
  private Templates templates;
  private WebClient web;
  private EmailChannel email;
  private DeliveryLog log;
  private Dispatcher dispatcher;
  private TopicFollower<DeliveryRecord> ledgerFollower;

  public NotifierVerticle(WindowOpsConfig config) {
    this(config, Clock.systemUTC());
  }

  NotifierVerticle(WindowOpsConfig config, Clock clock) {
    super("notifier", config);
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    try {
      String policyFile = config.get(POLICY, "");
      policy = policyFile.isBlank() ? RoutingPolicy.statusPageOnly() : PolicyLoader.load(Path.of(policyFile));
      String templateDir = config.get(TEMPLATES, "");
      templates =
          (templateDir.isBlank() ? Templates.fromClasspath() : Templates.fromDirectory(Path.of(templateDir)))
              .withShared(sharedValues());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    LOG.info("Notifier routes to {} target(s): {}", policy.targets().size(), policy.targets().keySet());
    web = WebClient.create(vertx, new WebClientOptions().setUserAgent("WindowOps-Notifier").setConnectTimeout(5_000).setIdleTimeout(30));
    return super.start();
  }

  @Override
  protected void addRoutes(Router router) {
    new StatusPageRoutes(board, clock::instant).addTo(router);
  }

  @Override
  protected List<Input<?>> inputs() {
    EventTypeCounter counter = new EventTypeCounter(meters, meterPrefix());
    String clientId = name() + "-" + config.instanceId();
    log = new DeliveryLog(
        vertx,
        ledger,
        KafkaClientSettings.transactionalProducer(config, clientId + "-deliveries", "windowops-notifier-" + config.instanceId()),
        registry());
    DeliveryRetry retry = DeliveryRetry.defaults();
    if (!config.get(DeliveryRetry.BUDGET, "").isBlank()) {
      retry = retry.withBudget(config.duration(DeliveryRetry.BUDGET));
    }
    dispatcher = new Dispatcher(policy, templates, channels(), ledger, log, board, clock, vertx, retry, meters, meterPrefix());
    ledgerFollower = followLedger(clientId);
    restoreUntilDone(clientId);
    return List.of(new Input<WindowEventEnvelope>(Topics.WINDOWS, record -> {
      counter.count(record.topic(), record.value());
      return restored.future().compose(v -> handle(record));
    }, partitions -> ledgerFollower.catchUp().get(LEDGER_CATCH_UP.toMillis(), TimeUnit.MILLISECONDS)));
  }

  /** Every instance's ledger entries, as they are committed, into this instance's ledger. */
  private TopicFollower<DeliveryRecord> followLedger(String clientId) {
    Map<String, Object> settings = KafkaClientSettings.consumer(config, null, clientId + "-ledger");
    TopicFollower<DeliveryRecord> follower = new TopicFollower<>(
        Topics.DELIVERIES.name(),
        () -> new KafkaConsumer<>(settings, new StringDeserializer(), new AvroDeserializer<>(registry(), DeliveryRecord.class)),
        r -> ledger.apply(r.key(), r.value(), r.offset()),
        ConsumerHealth.register("ledger", meterPrefix(), meters, Clock.systemUTC()),
        Supervision.from(config).newBackoff());
    follower.start();
    return follower;
  }

  @Override
  protected List<ConsumerHealth> otherConsumers() {
    TopicFollower<DeliveryRecord> follower = ledgerFollower;
    return follower == null ? List.of() : List.of(follower.health());
  }

  @Override
  protected void stopProcessing() {
    if (ledgerFollower != null) {
      ledgerFollower.close();
    }
  }

  /** Readiness waits until the ledger and the board are restored. */
  @Override
  protected Future<Void> startProcessing() {
    return restored.future();
  }

  /** Handlers wait for the restore; a failed attempt (broker briefly away) is retried, never fatal. */
  private void restoreUntilDone(String clientId) {
    vertx.executeBlocking(() -> restore(clientId), false)
        .onSuccess(v -> restored.tryComplete())
        .onFailure(e -> {
          LOG.warn("Cannot restore the delivery ledger yet ({}); retrying", e.toString());
          vertx.setTimer(RESTORE_RETRY.toMillis(), t -> restoreUntilDone(clientId));
        });
  }

  private Void restore(String clientId) {
    long t0 = System.nanoTime();
    if (!transactionsReady) {
      log.init();
      transactionsReady = true;
    }
    try {
      ledgerFollower.catchUp().get(LEDGER_CATCH_UP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the delivery ledger did not catch up: " + e, e);
    }
    // A null value on the windows topic is nobody's event (the input consumer parks it in the
    // DLQ); skipping it here keeps one such record from failing every later start.
    long events = TopicReplay.readAll(config, registry(), Topics.WINDOWS, clientId + "-board-restore",
        r -> {
          if (r.value() != null) {
            board.apply(r.key(), r.value());
          }
        });
    LOG.info("Restored {} ledger entries and {} window events in {} ms", ledger.size(), events, (System.nanoTime() - t0) / 1_000_000);
    return null;
  }

  private Future<Void> handle(ConsumerRecord<String, WindowEventEnvelope> record) {
    WindowEventEnvelope event = record.value();
    String windowId = record.key() != null ? record.key() : event.getMetadata().getWindowId();
    board.apply(windowId, event);
    if (event.getPayload() instanceof NoticeDue notice) {
      return dispatcher.onNotice(windowId, event.getMetadata(), notice);
    }
    return Future.succeededFuture();
  }

  /** Values every template may use; a blank scheduler URL leaves the review link out. */
  private Map<String, Object> sharedValues() {
    String schedulerUrl = config.get(SCHEDULER_URL, "").strip().replaceAll("/+$", "");
    return schedulerUrl.isEmpty() ? Map.of() : Map.of("schedulerUrl", schedulerUrl);
  }

  private Map<NotificationChannel, Channel> channels() {
    Map<NotificationChannel, Channel> channels = new EnumMap<>(NotificationChannel.class);
    Secrets secrets = new Secrets(vertx);
    HttpDelivery slackHttp = new HttpDelivery(new RateLimiter(vertx, Duration.ofSeconds(1)), HttpDelivery.Retry.defaults());
    HttpDelivery pageHttp = new HttpDelivery(new RateLimiter(vertx, Duration.ofSeconds(1)), HttpDelivery.Retry.defaults());
    HttpDelivery hookHttp = new HttpDelivery(new RateLimiter(vertx, Duration.ZERO), HttpDelivery.Retry.defaults());
    channels.put(NotificationChannel.SLACK, new SlackChannel(web, slackHttp, secrets));
    channels.put(NotificationChannel.STATUSPAGE, new StatuspageChannel(web, pageHttp, secrets));
    channels.put(NotificationChannel.WEBHOOK, new WebhookChannel(web, hookHttp, secrets));
    channels.put(NotificationChannel.STATUS_PAGE, new BuiltInPageChannel(board));
    policy.smtp().ifPresent(smtp -> {
      email = new EmailChannel(vertx, smtp);
      channels.put(NotificationChannel.EMAIL, email);
    });
    return channels;
  }

  @Override
  public Future<?> stop() {
    return super.stop()
        .eventually(() -> vertx.executeBlocking(() -> {
          // Closing the producer blocks (it flushes), so it runs off the event loop.
          if (log != null) {
            log.close();
          }
          return null;
        }))
        .eventually(() -> {
          if (email != null) {
            email.close();
          }
          if (web != null) {
            web.close();
          }
          return Future.succeededFuture();
        });
  }

  /** The status board, for tests. */
  WindowBoard board() {
    return board;
  }
}
