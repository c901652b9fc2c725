package io.windowops.scheduler.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.ReleaseSlot;
import io.windowops.events.ReserveSlot;
import io.windowops.events.SlotGranted;
import io.windowops.events.SlotRefused;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.policy.MaintenancePolicy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The admission owner of an environment")
class AdmissionTest {

  /** The shipped example: production allows 2 windows at once, Tuesdays 02:00–04:00 UTC. */
  private static final Admission ADMISSION = new Admission(MaintenancePolicy.load(Path.of("..", "examples", "policies.yaml")));
  private static final Instant NOW = Instant.parse("2026-11-10T09:00:00Z");
  private static final Instant TUESDAY_2 = Instant.parse("2026-11-17T02:00:00Z");
  private static final Instant TUESDAY_3 = Instant.parse("2026-11-17T03:00:00Z");
  private static final Instant TUESDAY_4 = Instant.parse("2026-11-17T04:00:00Z");
  private static final Instant NEXT_TUESDAY_2 = Instant.parse("2026-11-24T02:00:00Z");

  private final ReservationTable table = new ReservationTable();

  private static MaintenanceRequested request(Instant start, Instant end, String... services) {
    return MaintenanceRequested.newBuilder()
        .setTitle("Upgrade")
        .setServices(List.of(services))
        .setEnvironment("production")
        .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
        .setRequestedStart(start)
        .setRequestedEnd(end)
        .setSteps(List.of(StepSpec.newBuilder().setStepId("s").setAction("command:noop").setTimeoutSeconds(60).setParams(Map.of()).build()))
        .setRequester("alice")
        .build();
  }

  private Admission.Outcome claim(String windowId, String claimId, MaintenanceRequested r) {
    EventMetadata meta = EventMetadata.newBuilder().setEventId("cmd-" + claimId).setWindowId(windowId).setOccurredAt(NOW)
        .setCorrelationId("run-1").setActor("scheduler").build();
    return ADMISSION.decide(table, new AdmissionCommandEnvelope(meta, new ReserveSlot(claimId, "MaintenanceRequested", r, null)), NOW);
  }

  private Admission.Outcome release(String windowId, List<String> claims) {
    EventMetadata meta = EventMetadata.newBuilder().setEventId("rel-" + windowId + claims).setWindowId(windowId).setOccurredAt(NOW).setActor("scheduler").build();
    return ADMISSION.decide(table, new AdmissionCommandEnvelope(meta, new ReleaseSlot("production", claims, claims.isEmpty())), NOW);
  }

  private static List<String> codes(Admission.Outcome o) {
    return ((SlotRefused) o.answer().getPayload()).getViolations().stream().map(v -> v.getCode()).toList();
  }

  @Test
  @DisplayName("grants the first of two claims on one service and slot, and refuses the second naming the holder")
  void oneWindowPerSlot() {
    Admission.Outcome first = claim("MNT-A", "a1", request(TUESDAY_2, TUESDAY_4, "payments"));
    Admission.Outcome second = claim("MNT-B", "b1", request(TUESDAY_3, TUESDAY_4, "payments"));
    assertThat(first.granted()).isTrue();
    assertThat(first.held()).extracting(e -> e.getClaimId()).containsExactly("a1");
    assertThat(second.refused()).isTrue();
    assertThat(second.held()).as("nothing half-reserved").isEmpty();
    assertThat(codes(second)).containsExactly("CONFLICT");
    assertThat(((SlotRefused) second.answer().getPayload()).getViolations().get(0).getMessage()).contains("MNT-A");
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  @DisplayName("never lets more windows overlap than the environment allows")
  void concurrencyLimit() {
    assertThat(claim("MNT-A", "a1", request(TUESDAY_2, TUESDAY_4, "api")).granted()).isTrue();
    assertThat(claim("MNT-B", "b1", request(TUESDAY_2, TUESDAY_3, "db")).granted()).isTrue();
    Admission.Outcome third = claim("MNT-C", "c1", request(TUESDAY_2, TUESDAY_4, "cache"));
    assertThat(codes(third)).containsExactly("CONCURRENCY_LIMIT");
    assertThat(claim("MNT-D", "d1", request(TUESDAY_3, TUESDAY_4, "cache")).granted())
        .as("after MNT-B ends at 03:00 there is room again").isTrue();
  }

  @Test
  @DisplayName("frees a slot when its window releases it, and not before")
  void release() {
    claim("MNT-A", "a1", request(TUESDAY_2, TUESDAY_4, "payments"));
    assertThat(release("MNT-OTHER", List.of()).released()).isEmpty();
    assertThat(release("MNT-A", List.of()).released()).extracting(e -> e.getClaimId()).containsExactly("a1");
    assertThat(claim("MNT-B", "b1", request(TUESDAY_2, TUESDAY_4, "payments")).granted()).isTrue();
  }

  @Test
  @DisplayName("holds a moving window's new claim and its old one until the old is released")
  void moveTakesNewBeforeOld() {
    claim("MNT-A", "a1", request(TUESDAY_2, TUESDAY_4, "payments"));
    assertThat(claim("MNT-A", "a2", request(NEXT_TUESDAY_2, NEXT_TUESDAY_2.plusSeconds(3600), "payments")).granted()).isTrue();
    assertThat(table.claimsOf("MNT-A")).extracting(e -> e.getClaimId()).containsExactly("a1", "a2");
    assertThat(claim("MNT-B", "b1", request(TUESDAY_2, TUESDAY_4, "payments")).refused()).as("old slot still held").isTrue();
    release("MNT-A", List.of("a1"));
    assertThat(claim("MNT-B", "b2", request(TUESDAY_2, TUESDAY_4, "payments")).granted()).isTrue();
  }

  @Test
  @DisplayName("answers on the requests topic's shape: keyed by window, caused by the claim, with a deterministic id")
  void answerMetadata() {
    Admission.Outcome o = claim("MNT-A", "a1", request(TUESDAY_2, TUESDAY_4, "payments"));
    EventMetadata m = o.answer().getMetadata();
    assertThat(m.getWindowId()).isEqualTo("MNT-A");
    assertThat(m.getCausationId()).isEqualTo("cmd-a1");
    assertThat(m.getCorrelationId()).isEqualTo("run-1");
    assertThat(m.getActor()).isEqualTo("admission");
    SlotGranted g = (SlotGranted) o.answer().getPayload();
    assertThat(g.getClaimId()).isEqualTo("a1");
    assertThat(g.getStart()).isEqualTo(TUESDAY_2);
    ReservationTable again = new ReservationTable();
    EventMetadata meta = EventMetadata.newBuilder().setEventId("cmd-a1").setWindowId("MNT-A").setOccurredAt(NOW).setActor("scheduler").build();
    assertThat(ADMISSION.decide(again, new AdmissionCommandEnvelope(meta, new ReserveSlot("a1", "MaintenanceRequested",
        request(TUESDAY_2, TUESDAY_4, "payments"), null)), NOW).answer().getMetadata().getEventId()).isEqualTo(m.getEventId());
  }

  @Test
  @DisplayName("refuses a request for an unknown environment naming the field, and holds nothing")
  void unknownEnvironment() {
    MaintenanceRequested r = MaintenanceRequested.newBuilder(request(TUESDAY_2, TUESDAY_4, "payments")).setEnvironment("moon").build();
    Admission.Outcome o = claim("MNT-A", "a1", r);
    assertThat(o.refused()).isTrue();
    assertThat(((SlotRefused) o.answer().getPayload()).getViolations()).extracting(v -> v.getField()).contains("environment");
    assertThat(table.size()).isZero();
  }
}
