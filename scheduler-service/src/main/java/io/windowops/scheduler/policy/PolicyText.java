package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the policy names things in files and messages. */
final class PolicyText {

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  private PolicyText() {}

  /** {@code PLANNED_OUTAGE} is written {@code planned-outage} in policy files. */
  static String typeName(MaintenanceType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static MaintenanceType parseType(String text) {
    String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (MaintenanceType type : MaintenanceType.values()) {
      if (type.name().equals(t)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a maintenance type (zero-downtime, brief-interruption, planned-outage,"
            + " extended-outage, emergency)");
  }

  /** "a" or "an" before a word, for messages ("an extended-outage"). */
  static String article(String word) {
    return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
  }

  /** e.g. {@code Tue 2026-11-24 05:00 Europe/Berlin (2026-11-24T04:00:00Z)}. */
  static String at(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    return LOCAL.format(local) + " " + zone.getId() + " (" + instant + ")";
  }
}
