package io.windowops.scheduler.policy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/**
 * The one rule that turns a wall-clock time of a policy (slot start or end, recurring start, freeze
 * bound) into an instant, including on daylight-saving change days:
 *
 * <ul>
 *   <li><b>Spring forward (gap):</b> a local time that does not exist that day (02:30 when clocks
 *       jump 02:00 → 03:00) means <em>the first valid instant after the gap</em>, i.e. the
 *       transition instant (03:00 new time). This is NOT {@code ZonedDateTime.of}'s rule, which
 *       would shift 02:30 by the gap length to 03:30. So a slot 02:30–04:00 runs 03:00–04:00 that
 *       day (exactly the wall-clock times of the slot that exist), and a slot lying wholly in the
 *       gap (02:10–02:50) is empty that day.
 *   <li><b>Fall back (overlap):</b> a local time that occurs twice (02:30 when clocks go back 03:00
 *       → 02:00) means its <em>first</em> occurrence, at the earlier (summer) offset — for starts
 *       and ends alike. A slot 02:00–04:00 therefore lasts three real hours that day.
 * </ul>
 */
final class WallClock {

  private WallClock() {}

  static Instant resolve(LocalDateTime local, ZoneId zone) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(local);
    if (transition == null) {
      return local.atZone(zone).toInstant();
    }
    if (transition.isGap()) {
      return transition.getInstant();
    }
    return local.atOffset(transition.getOffsetBefore()).toInstant();
  }
}
