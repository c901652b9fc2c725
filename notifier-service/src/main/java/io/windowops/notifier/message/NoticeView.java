package io.windowops.notifier.message;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import io.windowops.events.WindowSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The values templates may use, computed from a notice alone (the notifier keeps no scheduler
 * state): dates and times in UTC, durations in words, and flags per maintenance type.
 */
public final class NoticeView {

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private NoticeView() {}

  /** The template name for a notice: its kind, or {@code emergency} for an emergency's first notice. */
  public static String templateName(NoticeDue notice) {
    if (notice.getKind() == NoticeKind.INITIAL
        && notice.getSummary().getMaintenanceType() == MaintenanceType.EMERGENCY) {
      return "emergency";
    }
    return notice.getKind().name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param windowId the window (the record key)
   * @param now when the notice is rendered (the notice's occurrence time)
   * @param actualStart when the window really opened, if the notifier saw it
   */
  public static Map<String, Object> of(String windowId, NoticeDue notice, Instant now, Optional<Instant> actualStart) {
    WindowSummary s = notice.getSummary();
    Map<String, Object> m = new HashMap<>();
    m.put("windowId", windowId);
    m.put("noticeId", notice.getNoticeId());
    m.put("title", s.getTitle());
    m.put("description", blankToNull(s.getDescription()));
    m.put("services", s.getServices().isEmpty() ? "(none named)" : String.join(", ", s.getServices()));
    m.put("environment", s.getEnvironment());
    m.put("requester", s.getRequester());
    m.put("typeLabel", typeLabel(s.getMaintenanceType()));
    m.put("impact", Optional.ofNullable(blankToNull(s.getImpact())).orElse(defaultImpact(s.getMaintenanceType())));
    m.put("outage", isOutage(s.getMaintenanceType()));
    m.put("interruption", s.getMaintenanceType() == MaintenanceType.BRIEF_INTERRUPTION);
    m.put("zeroDowntime", s.getMaintenanceType() == MaintenanceType.ZERO_DOWNTIME);
    m.put("emergency", s.getMaintenanceType() == MaintenanceType.EMERGENCY);
    m.put("detail", blankToNull(notice.getDetail()));
    String severity = s.getLabels().get(io.windowops.notifier.policy.Route.SEVERITY_LABEL);
    m.put("severity", severity);
    m.put("page", "P0".equals(severity)); // a P0 incident pages: the subject says so
    m.put("escalateTo", notice.getEscalateTo());
    m.put("nowUtc", TIME.format(now));
    Instant start = notice.getScheduledStart();
    Instant end = notice.getScheduledEnd();
    m.put("hasSlot", start != null && end != null);
    if (start != null && end != null) {
      m.put("date", DATE.format(start));
      m.put("startUtc", TIME.format(start));
      m.put("endUtc", (start.atOffset(ZoneOffset.UTC).toLocalDate().equals(end.atOffset(ZoneOffset.UTC).toLocalDate()) ? "" : DATE.format(end) + " ") + TIME.format(end));
      m.put("startIso", start.toString());
      m.put("endIso", end.toString());
      m.put("duration", words(Duration.between(start, end)));
    }
    if (notice.getLeadTime() != null) {
      try {
        m.put("leadTimeLabel", leadWords(Duration.parse(notice.getLeadTime())));
      } catch (RuntimeException e) {
        m.put("leadTimeLabel", notice.getLeadTime());
      }
    } else {
      m.put("leadTimeLabel", "a short while");
    }
    actualStart.ifPresent(a -> m.put("actualDuration", words(Duration.between(a, now))));
    return m;
  }

  public static boolean isOutage(MaintenanceType type) {
    return type == MaintenanceType.PLANNED_OUTAGE
        || type == MaintenanceType.EXTENDED_OUTAGE
        || type == MaintenanceType.EMERGENCY;
  }

  public static String typeLabel(MaintenanceType type) {
    return switch (type) {
      case ZERO_DOWNTIME -> "zero downtime";
      case BRIEF_INTERRUPTION -> "brief interruption";
      case PLANNED_OUTAGE -> "planned outage";
      case EXTENDED_OUTAGE -> "extended outage";
      case EMERGENCY -> "emergency";
    };
  }

  static String defaultImpact(MaintenanceType type) {
    return switch (type) {
      case ZERO_DOWNTIME -> "No downtime expected";
      case BRIEF_INTERRUPTION -> "Brief interruptions possible";
      case PLANNED_OUTAGE, EXTENDED_OUTAGE -> "Services unavailable during the window";
      case EMERGENCY -> "Services may be unavailable";
    };
  }

  /** Lead times under two days read in hours ("24 hours"), as people say them. */
  static String leadWords(Duration d) {
    if (d.compareTo(Duration.ofHours(48)) < 0 && d.toMinutesPart() == 0 && d.toHours() > 0) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return words(d);
  }

  /** "2 hours 30 minutes", "1 day", "45 minutes". */
  public static String words(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes == 0) {
      long seconds = Math.max(0, d.toSeconds());
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long days = minutes / (24 * 60);
    long hours = (minutes / 60) % 24;
    long mins = minutes % 60;
    StringBuilder b = new StringBuilder();
    append(b, days, "day");
    append(b, hours, "hour");
    append(b, mins, "minute");
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n > 0) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
