package io.windowops.notifier.board;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in status page: {@code /} (HTML: current, upcoming and recent windows),
 * {@code /api/status} (the same as JSON) and {@code /calendar.ics} (iCal feed).
 */
public final class StatusPageRoutes {

  private static final Set<String> CURRENT = Set.of("OPEN", "RUNNING", "PAUSED", "VALIDATING", "ROLLING_BACK");
  private static final Set<String> UPCOMING = Set.of("SCHEDULED", "PENDING_APPROVAL", "REQUESTED");
  private static final Duration RECENT = Duration.ofDays(14);
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm 'UTC'", java.util.Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final WindowBoard board;
  private final Supplier<Instant> clock;
  private final Mustache page = new DefaultMustacheFactory("templates").compile("status-page.html.mustache");

  public StatusPageRoutes(WindowBoard board, Supplier<Instant> clock) {
    this.board = board;
    this.clock = clock;
  }

  public void addTo(Router router) {
    router.get("/").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html()));
    router.get("/api/status").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(json().encodePrettily()));
    router.get("/calendar.ics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/calendar; charset=utf-8")
        .end(CalendarFeed.render(board.all(), clock.get())));
  }

  Map<String, List<BoardEntry>> sections() {
    Instant now = clock.get();
    List<BoardEntry> current = new ArrayList<>();
    List<BoardEntry> upcoming = new ArrayList<>();
    List<BoardEntry> recent = new ArrayList<>();
    for (BoardEntry w : board.all()) {
      if (CURRENT.contains(w.status())) {
        current.add(w);
      } else if (UPCOMING.contains(w.status())) {
        upcoming.add(w);
      } else if (w.closedAt() != null && w.closedAt().isAfter(now.minus(RECENT))) {
        recent.add(0, w);
      }
    }
    return Map.of("current", current, "upcoming", upcoming, "recent", recent);
  }

  String html() {
    Map<String, Object> values = new HashMap<>();
    sections().forEach((name, list) -> {
      values.put(name, list.stream().map(StatusPageRoutes::view).toList());
      values.put("no" + name, list.isEmpty());
    });
    values.put("generatedAt", WHEN.format(clock.get()));
    StringWriter out = new StringWriter();
    page.execute(out, values);
    return out.toString();
  }

  JsonObject json() {
    JsonObject out = new JsonObject().put("generatedAt", clock.get().toString());
    sections().forEach((name, list) -> {
      JsonArray a = new JsonArray();
      list.forEach(w -> a.add(new JsonObject()
          .put("windowId", w.windowId())
          .put("title", w.title())
          .put("environment", w.environment())
          .put("services", w.services())
          .put("maintenanceType", w.maintenanceType())
          .put("impact", w.impact())
          .put("status", w.status())
          .put("scheduledStart", w.scheduledStart().toString())
          .put("scheduledEnd", w.scheduledEnd().toString())
          .put("sequence", w.sequence())));
      out.put(name, a);
    });
    return out;
  }

  private static Map<String, Object> view(BoardEntry w) {
    Map<String, Object> m = new HashMap<>();
    m.put("windowId", w.windowId());
    m.put("title", w.title());
    m.put("environment", w.environment());
    m.put("services", w.services());
    m.put("impact", w.impact());
    m.put("status", w.status().toLowerCase().replace('_', ' '));
    m.put("statusClass", w.status().toLowerCase());
    m.put("start", WHEN.format(w.scheduledStart()));
    m.put("end", WHEN.format(w.scheduledEnd()));
    return m;
  }
}
