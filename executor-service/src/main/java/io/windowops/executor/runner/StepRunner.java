package io.windowops.executor.runner;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.events.CancelStep;
import io.windowops.events.ExecutionKind;
import io.windowops.events.ExecutionRecord;
import io.windowops.events.ExecutionState;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepOutcome;
import io.windowops.events.StepStatus;
import io.windowops.executor.action.ActionRequest;
import io.windowops.executor.action.ActionResult;
import io.windowops.executor.action.ActionRunners;
import io.windowops.executor.action.Cancellation;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.ActionCatalog;
import io.windowops.executor.ledger.ExecutionLedger;
import io.windowops.executor.ledger.LedgerWriter;
import io.windowops.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns step commands into exactly one run each, using the execution ledger.
 *
 * <p>For a new command the ledger entry STARTED (and a STARTED outcome) are written and
 * acknowledged by the broker, the run is queued, and the command is acknowledged at once, so a long step never
 * holds the input consumer. When the run ends, the FINISHED entry with the outcome and the
 * outcome itself are committed in one transaction. If the process dies in between, the entry
 * stays STARTED: on restart (or when the command is redelivered) it is interrupted, and is run
 * again only if the catalog declares the action idempotent; otherwise INTERRUPTED is published.
 * A command whose entry is FINISHED republishes the recorded outcome, marked replayed.
 *
 * <p>While the global emergency freeze is on ({@link #freeze}), a RunStep is accepted as above
 * (entry and outcome STARTED) but held in the gate, without a run slot, until the freeze is
 * lifted; then held steps start in the order they were accepted. Compensations are never held.
 * A held step is an ordinary STARTED entry: if the executor stops while it is held, it reads as
 * interrupted at the next start like a step stopped while running (an idempotent action is run
 * then, or held again if still frozen; any other is reported INTERRUPTED although it never ran).
 *
 * <p>A CancelStep (the window is rolling back, or the attempt is overdue) stops the named attempt
 * of a step or of a compensation if it was accepted here and has not finished: held or queued, it
 * is withdrawn; running, its action is cancelled ({@link Cancellation}). Either way it finishes as
 * usual, INTERRUPTED with the error {@code cancelled: <reason>}. For any other attempt (finished,
 * unknown, already cancelled) a CancelStep changes nothing, so a redelivered one is harmless.
 *
 * <p>Attempts are fenced: once the ledger knows attempt N+1 of a step (or compensation), attempt N
 * is refused (FAILED, never run) and is not re-run after an interruption; accepting N+1 stops any
 * earlier attempt still held, queued or running here. An attempt's timeout runs from its
 * acceptance (the STARTED entry), so time held by the freeze or queued for its service counts: one
 * still waiting at its deadline is withdrawn and reported TIMED_OUT without ever running, and one
 * that starts late runs only for what is left. A compensation sent {@code idempotentOnly} (the
 * step's effect is unknown) runs only if the catalog declares its action idempotent.
 *
 * <p>All state here is confined to the verticle's context.
 */
public final class StepRunner {

  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);
  private static final Duration FINISH_RETRY = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Context context;
  private final ActionCatalog catalog;
  private final ExecutionLedger ledger;
  private final LedgerWriter writer;
  private final ActionRunners runners;
  private final ConcurrencyGate gate;
  private final ExecutorMetrics metrics;
  private final String executorId;
  /** Keys being started, run or resolved here: a redelivery of one of them is only acknowledged. */
  private final Set<String> busy = new HashSet<>();
  /** Steps and compensations accepted here and not yet ended, by ledger key: what a CancelStep can stop. */
  private final Map<String, Cancellation> cancellable = new HashMap<>();
  private volatile boolean stopping;

  public StepRunner(
      Vertx vertx,
      Context context,
      ActionCatalog catalog,
      ExecutionLedger ledger,
      LedgerWriter writer,
      ActionRunners runners,
      int concurrency,
      io.micrometer.core.instrument.MeterRegistry meters,
      String meterPrefix,
      String executorId) {
    this.vertx = vertx;
    this.context = context;
    this.catalog = catalog;
    this.ledger = ledger;
    this.writer = writer;
    this.runners = runners;
    this.gate = new ConcurrencyGate(concurrency);
    this.metrics = new ExecutorMetrics(
        meters, meterPrefix, gate::running, gate::waiting, () -> gate.frozen() ? 1 : 0, gate::held);
    this.executorId = executorId;
  }

  /** The input handler for {@link Topics#STEPS}. */
  public Future<Void> handle(ConsumerRecord<String, StepCommandEnvelope> record) {
    StepCommandEnvelope envelope = record.value();
    if (envelope.getPayload() instanceof CancelStep cancel) {
      return onContext(ledger.loaded()).compose(ignored -> cancel(envelope.getMetadata().getWindowId(), cancel));
    }
    return onContext(ledger.loaded()).compose(ignored -> decide(StepCommand.of(envelope)));
  }

  /** Stops the attempt if it runs or waits here; otherwise (finished, unknown, already cancelled) nothing. */
  private Future<Void> cancel(String windowId, CancelStep cancel) {
    String key = StepCommand.key(windowId, cancel.getStepId(), cancel.getAttempt(), cancel.getKind());
    if (!stop(windowId, key, cancel.getReason())) {
      withWindow(windowId, () -> LOG.info("{} is not running here (finished, unknown or already cancelled); the CancelStep changes nothing", key));
    }
    return Future.succeededFuture();
  }

  /** Stops the run of {@code key} if it was accepted here and not yet cancelled; false otherwise. */
  private boolean stop(String windowId, String key, String reason) {
    Cancellation run = cancellable.get(key);
    if (run == null || !run.cancel(reason)) {
      return false;
    }
    // Not started yet (held by the freeze or queued for a slot): it never runs. Else the action stops.
    boolean withdrawn = gate.withdraw(key, Cancellation.error(reason));
    withWindow(windowId, () -> LOG.warn("{} cancelled ({}): {}", key, withdrawn ? "withdrawn before it started" : "stopping its action", reason));
    return true;
  }

  /** Attempt N accepted: earlier attempts of the same step and kind still here must not run beside it. */
  private void supersede(StepCommand command) {
    for (int earlier = 1; earlier < command.attempt(); earlier++) {
      stop(command.windowId(), StepCommand.key(command.windowId(), command.stepId(), earlier, command.kind()),
          "superseded by attempt " + command.attempt());
    }
  }

  /** Resolves this instance's runs left STARTED by a crash; call once the ledger is loaded. */
  public Future<Void> resumeInterrupted() {
    List<ExecutionRecord> unfinished = ledger.unfinished(executorId);
    if (!unfinished.isEmpty()) {
      LOG.warn("{} run(s) were interrupted by the last stop of executor {}", unfinished.size(), executorId);
    }
    return Future.all(unfinished.stream().map(e -> interrupted(e, null)).toList()).mapEmpty();
  }

  /** Applies the global freeze: hold new steps, or release the held ones. Call on the context. */
  public void freeze(boolean frozen) {
    if (frozen && !gate.frozen()) {
      LOG.warn("Global freeze: new steps are held; compensations still run");
    } else if (!frozen && gate.frozen()) {
      LOG.warn("Global freeze lifted: {} held step(s) start in order", gate.held());
    }
    gate.freeze(frozen);
  }

  public void stop() {
    stopping = true;
    metrics.close();
  }

  private Future<Void> decide(StepCommand command) {
    String key = command.key();
    if (busy.contains(key)) {
      LOG.info("{} is already being handled here; acknowledging the redelivery", key);
      return Future.succeededFuture();
    }
    ExecutionRecord entry = ledger.get(key).orElse(null);
    if (entry == null) {
      int latest = ledger.latestAttempt(command.windowId(), command.stepId(), command.kind());
      if (latest > command.attempt()) {
        withWindow(command.windowId(), () -> LOG.warn("{} is refused: attempt {} is already known", key, latest));
        return failWithoutRunning(command, "refused: attempt " + latest + " is already known, so attempt "
            + command.attempt() + " never runs", false);
      }
      return begin(command);
    }
    if (entry.getState() == ExecutionState.FINISHED) {
      return replay(entry, command);
    }
    return interrupted(entry, command);
  }

  private Future<Void> begin(StepCommand command) {
    ActionCatalog.Bound bound;
    try {
      bound = catalog.bind(command.action(), command.params(), command.stepOutputs());
    } catch (ActionCatalog.InvalidStepException e) {
      LOG.warn("{} cannot run: {}", command.key(), e.getMessage());
      return failWithoutRunning(command, e.getMessage(), false);
    }
    Action action = bound.action();
    if (command.idempotentOnly() && !action.idempotent()) {
      String why = "not run: the effect of step " + command.stepId() + " is unknown, so only an idempotent compensation may run,"
          + " and the catalog does not declare " + action.name() + " idempotent; a person must check and undo it";
      withWindow(command.windowId(), () -> LOG.warn("{} {}", command.key(), why));
      return failWithoutRunning(command, why, false);
    }
    Duration timeout = command.timeoutSeconds() > 0
        ? min(Duration.ofSeconds(command.timeoutSeconds()), action.timeout())
        : action.timeout();
    // Accepted now: the attempt's deadline runs from here, whatever holds it before it starts.
    Instant startedAt = Instant.now();
    AttemptDeadline deadline = new AttemptDeadline(startedAt, timeout);
    ExecutionRecord started = entry(command, ExecutionState.STARTED, action.idempotent(), startedAt, null);
    busy.add(command.key());
    Cancellation cancellation = new Cancellation();
    cancellable.put(command.key(), cancellation);
    return onContext(writer.writeDurably(List.of(
            ledgerRecord(started),
            outcomeRecord(command.windowId(), Outcomes.started(command, startedAt, action.idempotent()), command))))
        .onFailure(e -> {
          busy.remove(command.key());
          cancellable.remove(command.key());
        })
        .onSuccess(ignored -> {
          ledger.apply(started);
          supersede(command);
          withWindow(command.windowId(), () -> LOG.info("{} started action {} (timeout {})", command.key(), action.name(), timeout));
          ActionRequest request = new ActionRequest(
              command.windowId(), command.stepId(), command.attempt(), command.kind(), bound, timeout, command.stepOutputs());
          boolean holdable = command.kind() == ExecutionKind.STEP;
          if (gate.holds(holdable)) {
            withWindow(command.windowId(), () -> LOG.warn("{} is held by the global freeze until it is lifted", command.key()));
          }
          if (command.kind() == ExecutionKind.COMPENSATION) {
            int withdrawn = gate.withdrawHeld(command.windowId());
            if (withdrawn > 0) {
              withWindow(command.windowId(), () -> LOG.warn("{} withdrew {} step(s) held by the global freeze", command.key(), withdrawn));
            }
          }
          long deadlineTimer;
          Future<ActionResult> ran;
          if (cancellation.cancelled()) {
            // Cancelled while its STARTED entry was being written: it never enters the gate.
            deadlineTimer = -1;
            ran = Future.failedFuture(ConcurrencyGate.Withdrawn.because(Cancellation.error(cancellation.reason().orElse(""))));
          } else {
            ran = gate.submit(command.key(), command.windowId(), command.services(), holdable,
                () -> runBefore(deadline, request, cancellation));
            // Still held or queued at its deadline: withdrawn, it never runs late.
            deadlineTimer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
              deadline.expire(); // read by the failure handler, which the withdrawal may run at once
              if (!gate.withdraw(command.key(), deadline.notStarted())) {
                deadline.unexpire(); // it started in time, or has ended: its own timeout rules it
              }
            });
          }
          ran.onComplete(done -> {
                cancellable.remove(command.key());
                if (deadlineTimer >= 0) {
                  vertx.cancelTimer(deadlineTimer);
                }
              })
              .onSuccess(result -> finishUntilWritten(command, started, outcome(command, startedAt, result, action.idempotent())))
              .onFailure(e -> {
                if (e instanceof ConcurrencyGate.Withdrawn) {
                  Instant now = Instant.now();
                  finishUntilWritten(
                      command,
                      started,
                      Outcomes.base(command.stepId(), command.kind(), command.attempt(), command.action(), startedAt)
                          .setStatus(deadline.expired() ? StepStatus.TIMED_OUT : StepStatus.INTERRUPTED)
                          .setFinishedAt(now)
                          .setError(e.getMessage())
                          .setIdempotent(action.idempotent())
                          .setNotStarted(true)
                          .build());
                }
              });
        })
        .mapEmpty();
  }

  /** Starts the action with what is left of its time, or not at all once its deadline passed. */
  private Future<ActionResult> runBefore(AttemptDeadline deadline, ActionRequest request, Cancellation cancellation) {
    Instant now = Instant.now();
    if (deadline.passed(now)) {
      deadline.expire();
      return Future.failedFuture(ConcurrencyGate.Withdrawn.because(deadline.notStarted()));
    }
    return runners.run(new ActionRequest(request.windowId(), request.stepId(), request.attempt(), request.kind(),
        request.bound(), deadline.left(now), request.stepOutputs()), cancellation);
  }

  /** Records a FAILED outcome for a command that is never run (invalid, refused by the fence, not idempotent). */
  private Future<Void> failWithoutRunning(StepCommand command, String error, boolean idempotent) {
    Instant now = Instant.now();
    StepOutcome failed =
        Outcomes.base(command.stepId(), command.kind(), command.attempt(), command.action(), now)
            .setStatus(StepStatus.FAILED)
            .setError(error)
            .setFinishedAt(now)
            .setIdempotent(idempotent)
            .setNotStarted(true)
            .build();
    busy.add(command.key());
    return finish(command, entry(command, ExecutionState.STARTED, idempotent, now, null), failed)
        .onComplete(ignored -> busy.remove(command.key()));
  }

  private Future<Void> replay(ExecutionRecord entry, StepCommand command) {
    LOG.info("{} already finished ({}); republishing its outcome", entry.getExecutionKey(), entry.getOutcome().getStatus());
    metrics.replayed(entry.getAction());
    return onContext(writer.write(List.of(outcomeRecord(entry.getWindowId(), Outcomes.replayed(entry), command))));
  }

  /**
   * A run STARTED and never FINISHED. Idempotent actions run again from the command (the
   * redelivered one, or the one kept in the entry); others are reported INTERRUPTED.
   */
  private Future<Void> interrupted(ExecutionRecord entry, StepCommand redelivered) {
    String key = entry.getExecutionKey();
    if (busy.contains(key)) {
      return Future.succeededFuture();
    }
    StepCommand command = redelivered != null ? redelivered
        : entry.getCommand() != null ? StepCommand.of(entry.getCommand()) : null;
    int latest = ledger.latestAttempt(entry.getWindowId(), entry.getStepId(), entry.getKind());
    boolean fenced = latest > entry.getAttempt();
    if (entry.getIdempotent() && command != null && !fenced) {
      withWindow(entry.getWindowId(), () -> LOG.warn("{} was interrupted; its action {} is idempotent, so it runs again", key, entry.getAction()));
      return begin(command);
    }
    String why = fenced ? "attempt " + latest + " is known since" : "it is not declared idempotent";
    withWindow(entry.getWindowId(), () -> LOG.warn("{} was interrupted; {}, so it is reported INTERRUPTED", key, why));
    Instant now = Instant.now();
    StepOutcome outcome =
        Outcomes.base(entry.getStepId(), entry.getKind(), entry.getAttempt(), entry.getAction(), entry.getStartedAt())
            .setStatus(StepStatus.INTERRUPTED)
            .setFinishedAt(now)
            .setError("the executor (" + entry.getExecutorId() + ") stopped while the action ran; " + why + ", so it was not run again and its effect is unknown")
            .setIdempotent(entry.getIdempotent())
            .build();
    busy.add(key);
    return finish(command, entry, outcome).onComplete(ignored -> busy.remove(key));
  }

  private void finishUntilWritten(StepCommand command, ExecutionRecord started, StepOutcome outcome) {
    finish(command, started, outcome)
        .onSuccess(ignored -> {
          busy.remove(command.key());
          withWindow(command.windowId(), () -> LOG.info("{} {}", command.key(), outcome.getStatus()));
        })
        .onFailure(e -> {
          if (stopping) {
            LOG.warn("{} finished ({}) but the executor is stopping; it will read as interrupted", command.key(), outcome.getStatus());
            return;
          }
          // The action ran: its outcome must not be lost. Keep trying.
          LOG.warn("Recording the outcome of {} failed ({}); retrying", command.key(), e.toString());
          vertx.setTimer(FINISH_RETRY.toMillis(), t -> finishUntilWritten(command, started, outcome));
        });
  }

  /** FINISHED entry and outcome, in one transaction. {@code command} may be null (crash recovery). */
  private Future<Void> finish(StepCommand command, ExecutionRecord started, StepOutcome outcome) {
    ExecutionRecord finished =
        ExecutionRecord.newBuilder(started).setState(ExecutionState.FINISHED).setOutcome(outcome).setCommand(null).build();
    String correlation = command != null ? command.envelope().getMetadata().getCorrelationId()
        : started.getCommand() != null ? started.getCommand().getMetadata().getCorrelationId() : null;
    return onContext(writer.write(List.of(
            ledgerRecord(finished),
            outcomeRecord(started.getWindowId(), outcome, started.getCommandEventId(), correlation))))
        .onSuccess(ignored -> {
          ledger.apply(finished);
          metrics.finished(outcome, Duration.ofMillis(Math.max(0, outcome.getFinishedAt().toEpochMilli() - outcome.getStartedAt().toEpochMilli())));
        });
  }

  private ExecutionRecord entry(StepCommand c, ExecutionState state, boolean idempotent, Instant startedAt, StepOutcome outcome) {
    return ExecutionRecord.newBuilder()
        .setExecutionKey(c.key())
        .setWindowId(c.windowId())
        .setStepId(c.stepId())
        .setAttempt(c.attempt())
        .setKind(c.kind())
        .setState(state)
        .setAction(c.action())
        .setIdempotent(idempotent)
        .setCommandEventId(c.eventId())
        .setExecutorId(executorId)
        .setStartedAt(startedAt)
        .setOutcome(outcome)
        .setCommand(c.envelope())
        .build();
  }

  private static StepOutcome outcome(StepCommand c, Instant startedAt, ActionResult r, boolean idempotent) {
    return Outcomes.base(c.stepId(), c.kind(), c.attempt(), c.action(), startedAt)
        .setIdempotent(idempotent)
        .setStatus(r.status())
        .setExitCode(r.exitCode())
        .setOutput(r.output())
        .setOutputTruncated(r.truncated())
        .setError(r.error())
        .setFinishedAt(Instant.now())
        .setOutputs(r.outputs())
        .build();
  }

  private static ProducerRecord<String, SpecificRecord> ledgerRecord(ExecutionRecord entry) {
    return new ProducerRecord<>(Topics.EXECUTIONS.name(), entry.getExecutionKey(), entry);
  }

  private static ProducerRecord<String, SpecificRecord> outcomeRecord(String windowId, StepOutcome outcome, StepCommand cause) {
    return outcomeRecord(windowId, outcome, cause.eventId(), cause.envelope().getMetadata().getCorrelationId());
  }

  private static ProducerRecord<String, SpecificRecord> outcomeRecord(
      String windowId, StepOutcome outcome, String causation, String correlation) {
    return new ProducerRecord<>(Topics.STEP_RESULTS.name(), windowId, Outcomes.envelope(windowId, outcome, causation, correlation));
  }

  private <T> Future<T> onContext(CompletableFuture<T> future) {
    return Future.fromCompletionStage(future, context);
  }

  /** Background completions run outside the input handler, so they set the window id themselves. */
  private static void withWindow(String windowId, Runnable log) {
    MDC.put("windowId", windowId);
    try {
      log.run();
    } finally {
      MDC.remove("windowId");
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
