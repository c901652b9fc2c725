package io.windowops.scheduler.review;

import io.windowops.scheduler.review.PostMaintenanceReview.StepLine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A review as Markdown, in the runbooks' post-maintenance review layout: a table of the headline
 * figures, then the steps, then what failed. Also served as {@code text/markdown} by the API.
 */
public final class ReviewText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReviewText() {}

  public static String of(PostMaintenanceReview r) {
    StringBuilder out = new StringBuilder();
    out.append("# Post-maintenance review: ").append(r.windowId()).append(" — ").append(r.title()).append("\n\n");
    out.append("%s, %s, services %s, requested by %s. Final state: **%s**.%n%n"
        .formatted(r.type(), r.environment(), String.join(", ", r.services()), r.requester(), r.finalState()));
    out.append("| | |\n|---|---|\n");
    row(out, "Planned duration", "%s (%s to %s)".formatted(words(r.plannedDuration()), time(r.plannedStart()), time(r.plannedEnd())));
    row(out, "Actual duration", actual(r));
    row(out, "Notices sent on time", notices(r));
    row(out, "Validation checks passed", checks(r));
    row(out, "Incidents during the window", r.incidents().isEmpty() ? "none" : r.incidents().stream().map(i -> i.windowId() + " " + i.title()).collect(Collectors.joining("; ")));
    row(out, "What failed", r.failures().isEmpty() ? "nothing" : "%d finding(s), below".formatted(r.failures().size()));
    row(out, "Rollback result", rollback(r));
    if (!r.steps().isEmpty()) {
      out.append("\n## Steps\n\n| step | kind | action | attempts | status | exit code | took |\n|---|---|---|---|---|---|---|\n");
      for (StepLine s : r.steps()) {
        out.append("| %s | %s | %s | %d | %s | %s | %s |%n".formatted(
            s.stepId(), s.kind(), s.action(), s.attempts(), s.status(),
            s.exitCode() == null ? "" : s.exitCode(), s.duration() == null ? "" : s.duration().toMillis() / 1000.0 + " s"));
      }
    }
    if (!r.failures().isEmpty()) {
      out.append("\n## What failed\n\n");
      r.failures().forEach(f -> out.append("- ").append(f).append('\n'));
    }
    return out.toString();
  }

  private static String actual(PostMaintenanceReview r) {
    Duration actual = r.actualDuration();
    if (actual == null) {
      return "did not run (" + r.finalState() + ")";
    }
    Duration over = actual.minus(r.plannedDuration());
    String against = over.isNegative() ? words(over.negated()) + " under plan" : words(over) + " over plan";
    return "%s (%s to %s), %s".formatted(words(actual), time(r.openedAt()), time(r.endedAt()), against);
  }

  private static String notices(PostMaintenanceReview r) {
    var n = r.notices();
    if (n.issued() == 0) {
      return "no notices were due";
    }
    String channels = n.deliveriesByChannel().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return "%d%% (%d of %d; %d late, %d not delivered)%s".formatted(
        n.onTimePercent(), n.onTime(), n.issued(), n.late(), n.notDelivered(), channels.isEmpty() ? "" : "; deliveries: " + channels);
  }

  private static String checks(PostMaintenanceReview r) {
    var c = r.checks();
    if (c.measured() == 0) {
      return "no checks were measured";
    }
    return "%d%% (%d of %d; %d failed, %d inconclusive)%s".formatted(
        c.passedPercent(), c.passed(), c.measured(), c.failed(), c.inconclusive(),
        c.failedCriteria().isEmpty() ? "" : "; failed criteria: " + String.join(", ", c.failedCriteria()));
  }

  private static String rollback(PostMaintenanceReview r) {
    var b = r.rollback();
    return switch (b.result()) {
      case "NOT_NEEDED" -> "not needed";
      case "ROLLED_BACK" -> "rolled back after %s; compensated in order: %s".formatted(b.cause(), String.join(", ", b.compensatedSteps()));
      case "ROLLBACK_FAILED" -> "FAILED after %s; compensated: %s".formatted(b.cause(), String.join(", ", b.compensatedSteps()));
      default -> b.result() + " (" + b.cause() + ")";
    };
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  private static String time(Instant instant) {
    return instant == null ? "?" : TIME.format(instant);
  }

  /** "1 h 5 min", "12 min 30 s", "40 s". */
  static String words(Duration d) {
    long s = Math.abs(d.toSeconds());
    if (s >= 3600) {
      return "%d h %d min".formatted(s / 3600, s % 3600 / 60);
    }
    if (s >= 60) {
      return s % 60 == 0 ? "%d min".formatted(s / 60) : "%d min %d s".formatted(s / 60, s % 60);
    }
    return s + " s";
  }
}
