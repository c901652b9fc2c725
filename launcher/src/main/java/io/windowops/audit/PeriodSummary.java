package io.windowops.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.audit.TimelineReader.Entry;
import io.windowops.audit.WindowAccount.Standing;
import io.windowops.events.WindowStatus;
import io.windowops.schemas.FreezeKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What happened in a period, across every window with any request or fact in it: how many
 * windows ended in each state (their state at the end of the period) and why the failed ones
 * failed. Each window is folded like a single audit, so both always agree.
 */
public final class PeriodSummary {

  /** States a summary gives a reason for. */
  private static final Set<String> FAILURES =
      Set.of(WindowStatus.FAILED.name(), WindowStatus.ROLLED_BACK.name(), WindowStatus.ROLLBACK_FAILED.name(),
          WindowStatus.MISSED.name(), WindowStatus.REJECTED.name());

  /** One window in the period, as it stood at the period's end. */
  public record WindowLine(String windowId, String status, String cause, String detail, String environment, String type, String title) {}

  /** The summary: windows in the period, counted by state and by failure reason. */
  public record Report(
      Range range, List<WindowLine> windows, Map<String, Integer> byState, Map<String, List<String>> failureReasons,
      int approvalsCounted, int approvalsRefused, int approvalsVoided, int operatorCommands, List<String> skipped) {}

  private final Range range;
  private final Map<String, List<Entry>> windows = new LinkedHashMap<>();
  private final Set<String> active = new HashSet<>();

  public PeriodSummary(Range range) {
    this.range = range;
  }

  /** Takes entries in any order (the reader goes topic by topic); each window's are put in order at the end. */
  public void add(Entry e) {
    String id = e.metadata().getWindowId();
    if (FreezeKey.WINDOW_ID.equals(id)) {
      return; // the global freeze is not a window
    }
    windows.computeIfAbsent(id, w -> new ArrayList<>()).add(e);
    if (range.contains(e.at())) {
      active.add(id);
    }
  }

  public Report report(List<String> skipped) {
    List<WindowLine> lines = new ArrayList<>();
    Map<String, Integer> byState = new TreeMap<>();
    Map<String, List<String>> reasons = new TreeMap<>();
    int counted = 0;
    int refused = 0;
    int voided = 0;
    int commands = 0;
    for (Map.Entry<String, List<Entry>> w : windows.entrySet()) {
      if (!active.contains(w.getKey())) {
        continue;
      }
      List<Entry> history = new ArrayList<>(w.getValue());
      history.sort(TimelineReader.ORDER);
      WindowAccount a = AccountBuilder.of(w.getKey(), range, history);
      String status = a.finalState() == null ? WindowStatus.REQUESTED.name() : a.finalState().status();
      String cause = a.finalState() == null ? null : a.finalState().cause();
      var request = a.request() == null ? null : a.request().request();
      lines.add(new WindowLine(a.windowId(), status, cause, a.finalState() == null ? null : a.finalState().detail(),
          request == null ? null : request.getEnvironment(), request == null ? null : request.getMaintenanceType().name(),
          request == null ? null : request.getTitle()));
      byState.merge(status, 1, Integer::sum);
      if (FAILURES.contains(status)) {
        for (String reason : reasons(status, cause, a.finalState() == null ? null : a.finalState().detail())) {
          reasons.computeIfAbsent(status + ": " + reason, r -> new ArrayList<>()).add(a.windowId());
        }
      }
      for (WindowAccount.ApprovalFact p : a.approvals()) {
        if (range.contains(p.at())) {
          counted += p.standing() == Standing.COUNTED ? 1 : 0;
          refused += p.standing() == Standing.REFUSED ? 1 : 0;
          voided += p.standing() == Standing.VOIDED ? 1 : 0;
        }
      }
      commands += (int) a.commands().stream().filter(c -> range.contains(c.at())).count();
    }
    return new Report(range, lines, byState, reasons, counted, refused, voided, commands, skipped);
  }

  /**
   * The reasons a failed window is counted under: its failure cause, each violation code of a
   * rejection, or for a missed window what kept it from starting (its reason up to the figures).
   */
  private static List<String> reasons(String status, String cause, String detail) {
    if (WindowStatus.MISSED.name().equals(status) && detail != null) {
      int colon = detail.indexOf(':');
      return List.of(colon > 0 ? detail.substring(0, colon) : detail);
    }
    return List.of((cause == null ? status : cause).split(","));
  }

  public static void printText(Report r, PrintWriter out) {
    out.println("Windows with activity from " + r.range() + ": " + r.windows().size());
    out.println("  approvals " + r.approvalsCounted() + " counted, " + r.approvalsRefused() + " refused, "
        + r.approvalsVoided() + " voided; operator commands " + r.operatorCommands());
    out.println();
    out.println("By state (at the end of the period)");
    r.byState().forEach((state, n) -> out.printf(Locale.ROOT, "  %-16s %d%n", state, n));
    if (r.byState().isEmpty()) {
      out.println("  (none)");
    }
    out.println();
    out.println("Failure reasons");
    r.failureReasons().forEach((reason, ids) -> out.printf(Locale.ROOT, "  %-36s %d  %s%n", reason, ids.size(), String.join(", ", ids)));
    if (r.failureReasons().isEmpty()) {
      out.println("  (none)");
    }
    out.println();
    out.println("Windows");
    for (WindowLine w : r.windows()) {
      out.printf(Locale.ROOT, "  %-28s %-16s %-12s %-14s %s%s%n", w.windowId(), w.status(), dash(w.environment()), dash(w.type()),
          dash(w.title()), w.detail() == null || w.detail().isEmpty() ? "" : "  — " + w.detail());
    }
    out.flush();
  }

  public static JsonObject json(Report r) {
    JsonObject reasons = new JsonObject();
    r.failureReasons().forEach((reason, ids) -> reasons.put(reason, new JsonObject().put("count", ids.size()).put("windows", new JsonArray(ids))));
    JsonObject byState = new JsonObject();
    r.byState().forEach(byState::put);
    return new JsonObject()
        .put("since", text(r.range().since()))
        .put("until", text(r.range().until()))
        .put("windowCount", r.windows().size())
        .put("byState", byState)
        .put("failureReasons", reasons)
        .put("approvals", new JsonObject().put("counted", r.approvalsCounted()).put("refused", r.approvalsRefused()).put("voided", r.approvalsVoided()))
        .put("operatorCommands", r.operatorCommands())
        .put("windows", new JsonArray(r.windows().stream().map(w -> new JsonObject()
            .put("windowId", w.windowId()).put("status", w.status()).put("cause", w.cause()).put("detail", w.detail())
            .put("environment", w.environment()).put("maintenanceType", w.type()).put("title", w.title())).toList()))
        .put("skippedRecords", new JsonArray(r.skipped()));
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
