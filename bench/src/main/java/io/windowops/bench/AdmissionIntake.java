package io.windowops.bench;

import io.windowops.events.AdmissionCommandEnvelope;
import io.windowops.events.EventMetadata;
import io.windowops.events.MaintenanceRequested;
import io.windowops.events.MaintenanceType;
import io.windowops.events.ReserveSlot;
import io.windowops.events.StepSpec;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.admission.Planning;
import io.windowops.scheduler.admission.ReservationTable;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The admission owner's own cost, without Kafka: N slot claims decided one after the other by
 * {@link Admission} over its interval index, at two sizes ten times apart, so the growth shows
 * (linear: about 10x the time for 10x the windows). The same claims are also planned the way the
 * scheduler planned before the admission owner existed, against a flat list of every live
 * reservation, at the smaller size: that ratio is what the index buys. Every tenth claim asks for
 * its predecessor's service and slot and is refused (CONFLICT); the rest are granted under a
 * concurrency limit they never reach.
 */
final class AdmissionIntake {

  /** Figures of one run: seconds and decisions/s per size, per-claim latency, and the baseline. */
  record Intake(
      int small,
      int large,
      double smallSeconds,
      double largeSeconds,
      Distribution latency,
      double flatSmallSeconds,
      long refused) {

    double growth() {
      return largeSeconds / smallSeconds;
    }

    double decisionsPerSecond() {
      return large / largeSeconds;
    }

    double indexSpeedup() {
      return flatSmallSeconds / smallSeconds;
    }
  }

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final MaintenancePolicy policy;

  AdmissionIntake(Path benchPolicy, Path workDir) throws IOException {
    String text = Files.readString(benchPolicy);
    String marker = "  bench:\n    zone: UTC\n";
    if (!text.contains(marker)) {
      throw new IllegalStateException("the bench policy has no bench environment: " + benchPolicy);
    }
    Path withLimit = workDir.resolve("admission-policy.yaml");
    Files.writeString(withLimit, text.replace(marker, marker + "    maxConcurrentWindows: 8\n"));
    this.policy = MaintenancePolicy.load(withLimit);
  }

  Intake run(int small, int large) {
    Admission admission = new Admission(policy);
    decideAll(admission, small, null); // warm-up: the JIT compiles the path before it is timed
    double smallSeconds = decideAll(admission, small, null);
    List<Double> latency = new ArrayList<>();
    long[] refused = new long[1];
    double largeSeconds = decideAll(admission, large, (millis, granted) -> {
      latency.add(millis);
      if (!granted) {
        refused[0]++;
      }
    });
    double flatSeconds = planAgainstFlatList(small);
    return new Intake(small, large, smallSeconds, largeSeconds, Distribution.of(latency), flatSeconds, refused[0]);
  }

  private interface Sample {
    void taken(double millis, boolean granted);
  }

  private double decideAll(Admission admission, int windows, Sample sample) {
    ReservationTable table = new ReservationTable();
    long began = System.nanoTime();
    for (int i = 0; i < windows; i++) {
      long at = System.nanoTime();
      Admission.Outcome outcome = admission.decide(table, claim(i), T0);
      if (sample != null) {
        sample.taken((System.nanoTime() - at) / 1e6, outcome.granted());
      }
    }
    return (System.nanoTime() - began) / 1e9;
  }

  /** The former shape: each claim planned against a list of every reservation held so far. */
  private double planAgainstFlatList(int windows) {
    Planning planning = new Planning(policy);
    List<Reservation> held = new ArrayList<>();
    long began = System.nanoTime();
    for (int i = 0; i < windows; i++) {
      AdmissionCommandEnvelope c = claim(i);
      MaintenanceRequested r = ((ReserveSlot) c.getPayload()).getRequest();
      Planning.Outcome plan = planning.plan(c.getMetadata().getWindowId(), r, Planning.Candidates.of(c.getMetadata().getWindowId(), held), T0);
      if (plan.accepted()) {
        held.add(new Reservation(c.getMetadata().getWindowId(), r.getEnvironment(), List.copyOf(r.getServices()), plan.start(), plan.end()));
      }
    }
    return (System.nanoTime() - began) / 1e9;
  }

  /** Window i: 5 minutes from T0 + i minutes on its own service; every tenth copies window i-1's. */
  private static AdmissionCommandEnvelope claim(int i) {
    int slot = i % 10 == 9 ? i - 1 : i;
    Instant start = T0.plus(Duration.ofMinutes(slot));
    MaintenanceRequested request = MaintenanceRequested.newBuilder()
        .setTitle("intake " + i)
        .setServices(List.of("svc-" + slot))
        .setEnvironment("bench")
        .setMaintenanceType(MaintenanceType.ZERO_DOWNTIME)
        .setRequestedStart(start)
        .setRequestedEnd(start.plus(Duration.ofMinutes(5)))
        .setSteps(List.of(StepSpec.newBuilder().setStepId("s").setAction("noop").setTimeoutSeconds(60).setParams(Map.of()).build()))
        .setRequester("bench")
        .build();
    EventMetadata meta = EventMetadata.newBuilder().setEventId("claim-" + i).setWindowId("INTAKE-" + i)
        .setOccurredAt(T0.minus(Duration.ofDays(30))).setActor("bench").build();
    return new AdmissionCommandEnvelope(meta, new ReserveSlot("claim-" + i, "MaintenanceRequested", request, null));
  }
}
