package io.windowops.scheduler.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** On which local dates a slot or a recurring window happens: some weekdays, or a monthly rule. */
sealed interface DayRule {

  boolean matches(LocalDate date);

  /** e.g. "Tue" or "Mon, Wed" or "first Sun of the month". */
  String describe();

  /** Every week on the given days. */
  record Weekly(Set<DayOfWeek> days) implements DayRule {
    public Weekly {
      days = Set.copyOf(days);
    }

    @Override
    public boolean matches(LocalDate date) {
      return days.contains(date.getDayOfWeek());
    }

    @Override
    public String describe() {
      return EnumSet.copyOf(days).stream()
          .map(DayRule::shortName)
          .collect(Collectors.joining(", "));
    }
  }

  /** The n-th ({@code 1..4}) or last ({@code -1}) given weekday of each month. */
  record Monthly(int ordinal, DayOfWeek day) implements DayRule {
    private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth");

    @Override
    public boolean matches(LocalDate date) {
      LocalDate target =
          ordinal < 0
              ? date.with(TemporalAdjusters.lastInMonth(day))
              : date.with(TemporalAdjusters.dayOfWeekInMonth(ordinal, day));
      return target.equals(date);
    }

    @Override
    public String describe() {
      return (ordinal < 0 ? "last" : ORDINALS.get(ordinal - 1))
          + " "
          + shortName(day)
          + " of the month";
    }

    /** Parses {@code "first SUNDAY"}, {@code "last friday"}, {@code "second Tue"}. */
    static Monthly parse(String text) {
      String[] parts = text.strip().split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a monthly rule (use e.g. 'first SUNDAY' or 'last FRIDAY')");
      }
      String which = parts[0].toLowerCase(Locale.ROOT);
      int ordinal = "last".equals(which) ? -1 : ORDINALS.indexOf(which) + 1;
      if (ordinal == 0) {
        throw new IllegalArgumentException(
            "'" + parts[0] + "' is not one of first, second, third, fourth, last");
      }
      return new Monthly(ordinal, DayRule.parseDay(parts[1]));
    }
  }

  /** Parses a weekday by full English name or three-letter abbreviation, any case. */
  static DayOfWeek parseDay(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(t) || d.name().substring(0, 3).equals(t)) {
        return d;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a day of the week (e.g. SUNDAY)");
  }

  static String shortName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
