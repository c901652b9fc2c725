package io.windowops.scheduler.policy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the scalar values of a policy file; each failure message names the expected form. */
final class PolicyValues {

  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");

  /** The end of the day, written {@code 24:00} as a slot end. */
  static final LocalTime END_OF_DAY = LocalTime.MAX;

  private PolicyValues() {}

  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)");
    }
  }

  /** {@code HH:mm}; {@code 24:00} reads as {@link #END_OF_DAY} (callers allow it for ends). */
  static LocalTime time(String text) {
    Matcher m = TIME.matcher(text.strip());
    int hour = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    int minute = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    if (hour == 24 && minute == 0) {
      return END_OF_DAY;
    }
    if (hour < 0 || hour > 23 || minute > 59) {
      throw new IllegalArgumentException("'" + text + "' is not a time of day (HH:mm, e.g. 02:30)");
    }
    return LocalTime.of(hour, minute);
  }

  static Duration positiveDuration(String text) {
    Duration d = DurationText.parse(text);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be longer than zero");
    }
    return d;
  }

  static Duration duration(String text) {
    Duration d = DurationText.parse(text);
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' must not be negative");
    }
    return d;
  }

  static boolean bool(String text) {
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  static int positiveInt(String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a whole number of at least 1");
  }

  static String name(String text) {
    if (!text.strip().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a name (letters, digits, '.', '_' or '-')");
    }
    return text.strip();
  }

  /**
   * A freeze bound: {@code yyyy-MM-dd'T'HH:mm} local, or a date alone meaning the whole day: as a
   * start, its first instant; as an end (inclusive), the first instant of the next day.
   */
  static LocalDateTime bound(String text, boolean isEnd) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        LocalDate date = LocalDate.parse(t);
        return (isEnd ? date.plusDays(1) : date).atStartOfDay();
      }
      return LocalDateTime.parse(t);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a date (2026-12-15) or local date-time (2026-12-15T18:00)");
    }
  }
}
