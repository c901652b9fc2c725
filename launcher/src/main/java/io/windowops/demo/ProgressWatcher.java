package io.windowops.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Follows windows through the scheduler's API and prints each new event of their timelines as
 * it happens (a line per step start, outcome, validation, rollback...), until every window has
 * reached a final state or the time is up.
 */
final class ProgressWatcher {

  static final Set<String> FINAL =
      Set.of("COMPLETED", "FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "CANCELLED", "MISSED", "REJECTED");
  private static final Duration POLL = Duration.ofMillis(300);

  private final DemoApi api;
  private final PrintWriter out;
  private final long began;

  ProgressWatcher(DemoApi api, PrintWriter out, long beganNanos) {
    this.api = api;
    this.out = out;
    this.began = beganNanos;
  }

  /** Each window's last known status (null if never seen), once all are final or at the deadline. */
  Map<String, String> follow(List<String> windowIds, Duration limit) throws IOException, InterruptedException {
    Map<String, String> status = new LinkedHashMap<>();
    Map<String, Integer> printed = new LinkedHashMap<>();
    windowIds.forEach(id -> {
      status.put(id, null);
      printed.put(id, 0);
    });
    long deadline = System.nanoTime() + limit.toNanos();
    int width = windowIds.stream().mapToInt(String::length).max().orElse(10);
    while (true) {
      for (String id : windowIds) {
        if (status.get(id) != null && FINAL.contains(status.get(id))) {
          continue;
        }
        JsonObject window = api.window(id).orElse(null);
        if (window == null) {
          continue;
        }
        JsonArray timeline = window.getJsonArray("timeline", new JsonArray());
        for (int i = printed.get(id); i < timeline.size(); i++) {
          JsonObject event = timeline.getJsonObject(i);
          out.printf(Locale.ROOT, "  %6.1fs  %-" + width + "s  %-20s %s%n",
              (System.nanoTime() - began) / 1e9, id, event.getString("event"), EventSummary.of(event.getString("detail")));
        }
        printed.put(id, timeline.size());
        status.put(id, window.getString("status"));
      }
      out.flush();
      boolean done = status.values().stream().allMatch(s -> s != null && FINAL.contains(s));
      if (done || System.nanoTime() > deadline) {
        return status;
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
