package io.windowops.schemas;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.DeliveryRecord;
import io.windowops.events.ExecutionRecord;
import io.windowops.events.NotificationEnvelope;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ReservationEntry;
import io.windowops.events.StepCommandEnvelope;
import io.windowops.events.StepResultEnvelope;
import io.windowops.events.ValidationCommandEnvelope;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationResultEnvelope;
import io.windowops.events.WindowEventEnvelope;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.schemas.Topic.CleanupPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The topic registry: every topic WindowOps reads or writes, and the only place a topic name is
 * spelled. All keys are the window id except on the admission topics (keyed by environment), and
 * every command, event and state topic has {@link #PARTITIONS} partitions, so partition <i>p</i>
 * of every input holds the same windows as partition <i>p</i> of the state (co-partitioned), and
 * partition <i>p</i> of {@link #ADMISSIONS} the same environments as partition <i>p</i> of {@link
 * #RESERVATIONS}.
 */
public final class Topics {

  /** Partition count shared by every topic (co-partitioning). */
  public static final int PARTITIONS = 6;

  /**
   * Compacted storage topic of the embedded schema registry (local mode). It holds registry
   * entries, not Avro values, so it is not a {@link Topic}.
   */
  public static final String SCHEMA_STORE = "_windowops_schemas";

  /** Commands from pipelines, the REST API and the CLI to the scheduler. */
  public static final Topic<RequestEnvelope> REQUESTS =
      new Topic<>(
          "windowops.requests.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          RequestEnvelope.class,
          RequestEnvelope.getClassSchema());

  /** Facts about windows published by the scheduler. */
  public static final Topic<WindowEventEnvelope> WINDOWS =
      new Topic<>(
          "windowops.windows.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          WindowEventEnvelope.class,
          WindowEventEnvelope.getClassSchema());

  /** Commands from the scheduler to the executor. */
  public static final Topic<StepCommandEnvelope> STEPS =
      new Topic<>(
          "windowops.steps.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          StepCommandEnvelope.class,
          StepCommandEnvelope.getClassSchema());

  /** Step outcomes from the executor to the scheduler. */
  public static final Topic<StepResultEnvelope> STEP_RESULTS =
      new Topic<>(
          "windowops.step-results.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          StepResultEnvelope.class,
          StepResultEnvelope.getClassSchema());

  /** Validation commands from the scheduler to the validator. */
  public static final Topic<ValidationCommandEnvelope> VALIDATIONS =
      new Topic<>(
          "windowops.validations.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          ValidationCommandEnvelope.class,
          ValidationCommandEnvelope.getClassSchema());

  /** Validation outcomes, with every measurement, from the validator to the scheduler. */
  public static final Topic<ValidationResultEnvelope> VALIDATION_RESULTS =
      new Topic<>(
          "windowops.validation-results.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          ValidationResultEnvelope.class,
          ValidationResultEnvelope.getClassSchema());

  /** Delivery facts published by the notifier. */
  public static final Topic<NotificationEnvelope> NOTIFICATIONS =
      new Topic<>(
          "windowops.notifications.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          NotificationEnvelope.class,
          NotificationEnvelope.getClassSchema());

  /** Latest state of every window, written and restored by the scheduler. */
  public static final Topic<WindowStateSnapshot> WINDOW_STATE =
      new Topic<>(
          "windowops.window-state.v1",
          PARTITIONS,
          CleanupPolicy.COMPACT,
          WindowStateSnapshot.class,
          WindowStateSnapshot.getClassSchema());

  /** The executor's ledger: one entry per step or compensation attempt. */
  public static final Topic<ExecutionRecord> EXECUTIONS =
      new Topic<>(
          "windowops.executions.v1",
          PARTITIONS,
          CleanupPolicy.COMPACT,
          ExecutionRecord.class,
          ExecutionRecord.getClassSchema());

  /** The notifier's ledger: one entry per (window, message, channel, target). */
  public static final Topic<DeliveryRecord> DELIVERIES =
      new Topic<>(
          "windowops.deliveries.v1",
          PARTITIONS,
          CleanupPolicy.COMPACT,
          DeliveryRecord.class,
          DeliveryRecord.getClassSchema());

  /**
   * The validator's progress ledger: the latest state of every validation (command, measurements
   * so far, outcome once reported), keyed {@code <windowId>/<validationId>} (and {@code
   * <windowId>/<validationId>#accepted} for the accepted command) and partitioned like the window
   * id.
   */
  public static final Topic<ValidationProgress> VALIDATOR_PROGRESS =
      new Topic<>(
          "windowops.validator-progress.v1",
          PARTITIONS,
          CleanupPolicy.COMPACT,
          ValidationProgress.class,
          ValidationProgress.getClassSchema());

  /**
   * The saga's slot claims and releases, keyed by environment: whoever owns an environment's
   * partition is the single writer of its reservations (service conflicts, concurrency limits).
   */
  public static final Topic<AdmissionCommandEnvelope> ADMISSIONS =
      new Topic<>(
          "windowops.admissions.v1",
          PARTITIONS,
          CleanupPolicy.DELETE,
          AdmissionCommandEnvelope.class,
          AdmissionCommandEnvelope.getClassSchema());

  /**
   * The admission owner's reservation table (changelog), keyed {@code <windowId>/<claimId>} and
   * written to the partition of its environment on {@link #ADMISSIONS}; restored on assignment.
   */
  public static final Topic<ReservationEntry> RESERVATIONS =
      new Topic<>(
          "windowops.reservations.v1",
          PARTITIONS,
          CleanupPolicy.COMPACT,
          ReservationEntry.class,
          ReservationEntry.getClassSchema());

  private static final List<Topic<?>> ALL =
      List.of(
          REQUESTS,
          WINDOWS,
          STEPS,
          STEP_RESULTS,
          VALIDATIONS,
          VALIDATION_RESULTS,
          NOTIFICATIONS,
          WINDOW_STATE,
          EXECUTIONS,
          DELIVERIES,
          VALIDATOR_PROGRESS,
          ADMISSIONS,
          RESERVATIONS);

  private static final List<Topic<?>> WITH_DLQS =
      Stream.concat(ALL.stream(), ALL.stream().map(Topic::dlq)).toList();

  private static final Map<String, Topic<?>> BY_NAME =
      WITH_DLQS.stream().collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

  private Topics() {}

  /** The command, event and state topics, without their dead-letter topics (immutable). */
  public static List<Topic<?>> all() {
    return ALL;
  }

  /** {@link #all()} followed by the dead-letter topic of each, in the same order (immutable). */
  public static List<Topic<?>> withDlqs() {
    return WITH_DLQS;
  }

  /** The topic (dead-letter topics included) with this name, if WindowOps has one. */
  public static Optional<Topic<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
