package io.windowops.notifier.board;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The iCal feed (RFC 5545): one VEVENT per window, UID = window id, times in UTC, SEQUENCE =
 * reschedules, STATUS:CANCELLED for cancelled windows; text escaped (§3.3.11) and lines folded
 * at 75 octets (§3.1).
 */
public final class CalendarFeed {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private CalendarFeed() {}

  public static String render(List<BoardEntry> windows, Instant now) {
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//WindowOps//Maintenance windows//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "X-WR-CALNAME:Maintenance windows");
    for (BoardEntry w : windows) {
      line(out, "BEGIN:VEVENT");
      line(out, "UID:" + escape(w.windowId()));
      line(out, "DTSTAMP:" + UTC.format(now));
      line(out, "DTSTART:" + UTC.format(w.scheduledStart()));
      line(out, "DTEND:" + UTC.format(w.scheduledEnd()));
      line(out, "SEQUENCE:" + w.sequence());
      line(out, "LAST-MODIFIED:" + UTC.format(w.updatedAt()));
      line(out, "SUMMARY:" + escape(w.title()));
      line(out, "DESCRIPTION:" + escape(
          "Window " + w.windowId() + "\nServices: " + w.services() + "\nImpact: " + w.impact() + "\nState: " + w.status()));
      line(out, "CATEGORIES:" + escape(w.environment()));
      line(out, "STATUS:" + (w.cancelled() ? "CANCELLED" : "CONFIRMED"));
      line(out, "TRANSP:OPAQUE");
      line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  /** TEXT escaping: backslash, semicolon, comma, newline. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n");
  }

  /** Appends a content line folded so no physical line exceeds 75 octets (never inside a UTF-8 sequence). */
  static void line(StringBuilder out, String content) {
    int octets = 0;
    int limit = 75;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + len > limit) {
        out.append("\r\n ");
        octets = 1;
      }
      out.appendCodePoint(cp);
      octets += len;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
