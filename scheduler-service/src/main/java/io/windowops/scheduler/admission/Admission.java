package io.windowops.scheduler.admission;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.ReservationEntry;
import io.windowops.events.ReserveSlot;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.events.Violation;
import io.windowops.scheduler.policy.WindowPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The admission owner's rules, as a function of its reservation table and one command: a claim is
 * planned against the other windows' claims (calendar policy, service conflicts, concurrency
 * limits) and either held and answered {@code SlotGranted}, or answered {@code SlotRefused} with
 * every violation; a release lets claims go. The runtime writes the table's changes, the answer
 * and the consumed offset in one transaction, so an answer exists exactly when its claim does.
 * No I/O and no clock: the plan's "now" is the time the saga asked, recorded in the command.
 */
public final class Admission {

  static final String ACTOR = "admission";

  /** What one command did: the answer for the saga (none for a release) and the table's changes. */
  public record Outcome(RequestEnvelope answer, List<ReservationEntry> held, List<ReservationEntry> released) {
    public boolean granted() {
      return answer != null && answer.getPayload() instanceof SlotGranted;
    }

    public boolean refused() {
      return answer != null && answer.getPayload() instanceof SlotRefused;
    }
  }

  private final Planning planning;

  public Admission(WindowPolicy policy) {
    this.planning = new Planning(policy);
  }

  /**
   * Applies one command to {@code table}; {@code decidedAt} only stamps the answer's metadata (the
   * decision itself depends on the table and the command alone).
   */
  public Outcome decide(ReservationTable table, AdmissionCommandEnvelope command, Instant decidedAt) {
    Object payload = command.getPayload();
    if (payload instanceof ReserveSlot reserve) {
      return reserve(table, command.getMetadata(), reserve, decidedAt);
    }
    return release(table, command.getMetadata().getWindowId(), (ReleaseSlot) payload);
  }

  private Outcome reserve(ReservationTable table, EventMetadata meta, ReserveSlot reserve, Instant decidedAt) {
    String windowId = meta.getWindowId();
    MaintenanceRequested request = reserve.getRequest();
    Instant asked = meta.getOccurredAt();
    Planning.Outcome plan =
        planning.plan(windowId, request, table.candidates(request.getEnvironment(), windowId), asked);
    if (!plan.accepted()) {
      SlotRefused refused = new SlotRefused(reserve.getClaimId(), reserve.getCommand(), List.copyOf(plan.violations()));
      return new Outcome(answer(meta, refused, decidedAt), List.of(), List.of());
    }
    ReservationEntry entry =
        new ReservationEntry(windowId, reserve.getClaimId(), request.getEnvironment(),
            List.copyOf(request.getServices()), plan.start(), plan.end(), asked);
    table.put(entry);
    SlotGranted granted =
        new SlotGranted(reserve.getClaimId(), reserve.getCommand(), request, plan.start(), plan.end(),
            plan.freezeOverride(), reserve.getReason());
    return new Outcome(answer(meta, granted, decidedAt), List.of(entry), List.of());
  }

  private static Outcome release(ReservationTable table, String windowId, ReleaseSlot release) {
    List<String> claims =
        release.getAll()
            ? table.claimsOf(windowId).stream()
                .filter(e -> e.getEnvironment().equals(release.getEnvironment()))
                .map(ReservationEntry::getClaimId)
                .toList()
            : release.getClaimIds();
    List<ReservationEntry> released = new ArrayList<>();
    for (String claim : claims) {
      ReservationEntry gone = table.remove(windowId, claim);
      if (gone != null) {
        released.add(gone);
      }
    }
    return new Outcome(null, List.of(), released);
  }

  /**
   * The answer to a claim the rules could not decide (a bug, or a request they cannot read): a
   * refusal naming the reason, so the window is REJECTED rather than left waiting; none for a
   * release.
   */
  public static RequestEnvelope undecidable(AdmissionCommandEnvelope command, String reason, Instant decidedAt) {
    if (!(command.getPayload() instanceof ReserveSlot reserve)) {
      return null;
    }
    SlotRefused refused = new SlotRefused(reserve.getClaimId(), reserve.getCommand(),
        List.of(new Violation("", "ADMISSION_ERROR", "the admission could not decide this request: " + reason)));
    return answer(command.getMetadata(), refused, decidedAt);
  }

  /** The answer, keyed by window id, caused by the command; its id derives from the command's. */
  private static RequestEnvelope answer(EventMetadata cause, Object payload, Instant decidedAt) {
    EventMetadata meta =
        EventMetadata.newBuilder()
            .setEventId(UUID.nameUUIDFromBytes(("admission/" + cause.getEventId()).getBytes(StandardCharsets.UTF_8)).toString())
            .setWindowId(cause.getWindowId())
            .setSequence(0)
            .setOccurredAt(decidedAt)
            .setCausationId(cause.getEventId())
            .setCorrelationId(cause.getCorrelationId())
            .setActor(ACTOR)
            .build();
    return new RequestEnvelope(meta, payload);
  }
}
