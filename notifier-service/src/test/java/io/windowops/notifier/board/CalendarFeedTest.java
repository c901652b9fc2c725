package io.windowops.notifier.board;

import static io.windowops.notifier.Fixtures.END;
import static io.windowops.notifier.Fixtures.START;
import static io.windowops.notifier.Fixtures.envelope;
import static io.windowops.notifier.Fixtures.scheduled;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.MaintenanceType;
import io.windowops.events.WindowCancelled;
import io.windowops.events.WindowStatus;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CalendarFeedTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static String prop(VEvent e, String name) {
    return e.getProperty(name).orElseThrow(() -> new AssertionError("no " + name)).getValue();
  }

  private static Calendar parse(String ics) throws Exception {
    return new CalendarBuilder().build(new StringReader(ics));
  }

  @Test
  @DisplayName("an independent RFC 5545 parser reads one event per window with its id, UTC times, sequence and status")
  void feedParses() throws Exception {
    WindowBoard board = new WindowBoard();
    var s = summary("production", MaintenanceType.PLANNED_OUTAGE);
    board.apply("MNT-1", envelope("MNT-1", NOW, scheduled(s, START, END)));
    // Rescheduled twice (the same event replayed in between must not count twice).
    var moved = scheduled(s, START.plus(Duration.ofDays(1)), END.plus(Duration.ofDays(1)));
    board.apply("MNT-1", envelope("MNT-1", NOW, moved));
    board.apply("MNT-1", envelope("MNT-1", NOW, moved));
    board.apply("MNT-1", envelope("MNT-1", NOW, scheduled(s, START.plus(Duration.ofDays(2)), END.plus(Duration.ofDays(2)))));
    board.apply("MNT-2", envelope("MNT-2", NOW, scheduled(s, START, END)));
    board.apply("MNT-2", envelope("MNT-2", NOW,
        WindowCancelled.newBuilder().setReason("freeze").setPreviousStatus(WindowStatus.SCHEDULED).build()));

    Calendar cal = parse(CalendarFeed.render(board.all(), NOW));
    List<VEvent> events = cal.getComponents("VEVENT");
    assertThat(events).hasSize(2);
    VEvent first = events.stream().filter(e -> prop(e, "UID").equals("MNT-1")).findFirst().orElseThrow();
    assertThat(prop(first, "DTSTART")).isEqualTo("20261203T020000Z");
    assertThat(prop(first, "DTEND")).isEqualTo("20261203T043000Z");
    assertThat(prop(first, "SEQUENCE")).isEqualTo("2");
    assertThat(prop(first, "STATUS")).isEqualTo("CONFIRMED");
    VEvent cancelled = events.stream().filter(e -> prop(e, "UID").equals("MNT-2")).findFirst().orElseThrow();
    assertThat(prop(cancelled, "STATUS")).isEqualTo("CANCELLED");
    assertThat(prop(cancelled, "SEQUENCE")).isEqualTo("0");
  }

  @Test
  @DisplayName("long text with commas, semicolons, backslashes and non-ASCII is folded at 75 octets and reads back intact")
  void foldingAndEscaping() throws Exception {
    WindowBoard board = new WindowBoard();
    var s = summary("production", MaintenanceType.PLANNED_OUTAGE);
    String title = "Größere Wartung; Datenbank, Cache \\ Queue — ".repeat(4).strip();
    s.setTitle(title);
    board.apply("MNT-3", envelope("MNT-3", NOW, scheduled(s, START, END)));

    String ics = CalendarFeed.render(board.all(), NOW);
    assertThat(ics).contains("\r\n ");
    for (String line : ics.split("\r\n")) {
      assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
    }
    VEvent e = parse(ics).<VEvent>getComponents("VEVENT").get(0);
    assertThat(prop(e, "SUMMARY")).isEqualTo(title);
    assertThat(prop(e, "DESCRIPTION")).contains("Window MNT-3\nServices: orders-api, orders-db\nImpact:");
  }
}
