package io.windowops.scheduler.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as policy authors write them: ISO-8601 ({@code PT48H}, {@code P7D}) or short ({@code
 * 48h}, {@code 7d}, {@code 1h30m}, {@code 5m}, {@code 90s}).
 */
final class DurationText {

  private static final Pattern SHORT =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?:in)?)?(?:(\\d+)s)?");

  private DurationText() {}

  /** Parses a duration; throws {@link IllegalArgumentException} naming the expected forms. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    Matcher m = SHORT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw notADuration(text);
    }
    return Duration.ofDays(group(m, 1))
        .plusHours(group(m, 2))
        .plusMinutes(group(m, 3))
        .plusSeconds(group(m, 4));
  }

  /** Short human form for messages: {@code 7d}, {@code 24h}, {@code 1h30m}, {@code 0m}. */
  static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    if (days > 0 && d.toHours() % 24 == 0 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0) {
      return days + "d";
    }
    if (d.toHours() > 0) {
      b.append(d.toHours()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    return b.length() == 0 ? "0m" : b.toString();
  }

  /** ISO-8601 with whole days as days ({@code P7D}, {@code PT1H}): stable notice ids. */
  static String iso(Duration d) {
    if (!d.isZero() && d.toSeconds() % 86_400 == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }

  private static long group(Matcher m, int i) {
    return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration (use e.g. 48h, 7d, 1h30m, 5m or ISO-8601 PT48H)");
  }
}
