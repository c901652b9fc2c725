package io.windowops.scheduler.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ReservationEntry;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The reservation table")
class ReservationTableTest {

  private static final Instant T0 = Instant.parse("2026-11-17T00:00:00Z");

  private static ReservationEntry entry(String window, String claim, String env, long startMinutes, long minutes) {
    Instant start = T0.plus(Duration.ofMinutes(startMinutes));
    return new ReservationEntry(window, claim, env, List.of("svc"), start, start.plus(Duration.ofMinutes(minutes)), T0);
  }

  @Test
  @DisplayName("finds exactly the other windows' claims overlapping an interval, as a full scan would (1,000 random tables)")
  void overlapMatchesAScan() {
    Random random = new Random(20261202);
    for (int round = 0; round < 1_000; round++) {
      ReservationTable table = new ReservationTable();
      List<ReservationEntry> live = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ReservationEntry e = entry("W" + random.nextInt(20), "c" + i, random.nextBoolean() ? "prod" : "stage",
            random.nextInt(600), 1 + random.nextInt(240));
        table.put(e);
        live.add(e);
        if (random.nextInt(4) == 0) {
          ReservationEntry gone = live.remove(random.nextInt(live.size()));
          table.remove(gone.getWindowId(), gone.getClaimId());
        }
      }
      Instant start = T0.plus(Duration.ofMinutes(random.nextInt(600)));
      Instant end = start.plus(Duration.ofMinutes(1 + random.nextInt(120)));
      List<String> expected = live.stream()
          .filter(e -> e.getEnvironment().equals("prod") && !e.getWindowId().equals("W0"))
          .filter(e -> e.getStart().isBefore(end) && e.getEnd().isAfter(start))
          .map(e -> e.getWindowId() + "@" + e.getStart())
          .sorted().toList();
      List<String> found = table.candidates("prod", "W0").overlapping(start, end).stream()
          .map(r -> r.windowId() + "@" + r.start()).sorted().toList();
      assertThat(found).as("round " + round).isEqualTo(expected);
      assertThat(table.size()).isEqualTo(live.size());
    }
  }

  @Test
  @DisplayName("lists claims in the same order whatever order they were put in (a restored table answers as the granting one did)")
  void orderIndependentOfArrival() {
    List<ReservationEntry> claims = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      claims.add(entry("W" + i, "c" + i, "prod", 0, 60)); // all at the same start
    }
    ReservationTable granted = new ReservationTable();
    claims.forEach(granted::put);
    List<ReservationEntry> shuffled = new ArrayList<>(claims);
    java.util.Collections.shuffle(shuffled, new Random(7));
    ReservationTable restored = new ReservationTable();
    shuffled.forEach(restored::put);
    assertThat(restored.candidates("prod", "X").overlapping(T0, T0.plusSeconds(60)))
        .isEqualTo(granted.candidates("prod", "X").overlapping(T0, T0.plusSeconds(60)));
  }

  @Test
  @DisplayName("a claim ending exactly when the interval starts does not overlap it")
  void halfOpen() {
    ReservationTable table = new ReservationTable();
    table.put(entry("A", "a", "prod", 0, 60));
    assertThat(table.candidates("prod", "B").overlapping(T0.plus(Duration.ofMinutes(60)), T0.plus(Duration.ofMinutes(90)))).isEmpty();
    assertThat(table.candidates("prod", "B").endingAfter(T0.plus(Duration.ofMinutes(59))))
        .extracting(Reservation::windowId).containsExactly("A");
  }

  @Test
  @DisplayName("the same claim put again replaces it; a released claim leaves the index")
  void replaceAndRemove() {
    ReservationTable table = new ReservationTable();
    table.put(entry("A", "a", "prod", 0, 60));
    table.put(entry("A", "a", "prod", 120, 60));
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.candidates("prod", "B").overlapping(T0, T0.plus(Duration.ofMinutes(60)))).isEmpty();
    assertThat(table.remove("A", "a")).isNotNull();
    assertThat(table.remove("A", "a")).isNull();
    assertThat(table.size()).isZero();
    assertThat(table.claimsOf("A")).isEmpty();
  }
}
