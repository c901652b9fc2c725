package io.windowops.scheduler.admission;

import io.windowops.events.ReservationEntry;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The slots held in the environments one admission owner decides for: an interval index per
 * environment (claims ordered by start, with the longest claim ever held bounding how far back an
 * overlap can begin), so a plan is checked in O(log n + k) over live claims only. A window may
 * hold several claims while a reschedule moves it (the new one is granted before the old one is
 * released). Claims are kept in key order, never in arrival order, so a table restored from the
 * changelog answers exactly as the one that granted them did (a replay depends on it). One table
 * per partition of the admission topic; not thread-safe: it belongs to the admission loop's thread.
 */
public final class ReservationTable {

  /** One environment's claims: by start, then by key, plus the longest claim seen. */
  private static final class Environment {
    private final NavigableMap<Instant, Map<String, ReservationEntry>> byStart = new TreeMap<>();
    private Duration longest = Duration.ZERO;
  }

  private final Map<String, Environment> environments = new HashMap<>();
  /** Claims by window, then by claim id: what a release names. */
  private final Map<String, Map<String, ReservationEntry>> byWindow = new HashMap<>();

  /** The changelog key of a claim: {@code <windowId>/<claimId>}. */
  public static String key(String windowId, String claimId) {
    return windowId + "/" + claimId;
  }

  public static String key(ReservationEntry entry) {
    return key(entry.getWindowId(), entry.getClaimId());
  }

  /** Holds a claim (a restored or a newly granted one); the same key again replaces it. */
  public void put(ReservationEntry entry) {
    remove(entry.getWindowId(), entry.getClaimId());
    Environment env = environments.computeIfAbsent(entry.getEnvironment(), e -> new Environment());
    env.byStart.computeIfAbsent(entry.getStart(), s -> new TreeMap<>()).put(key(entry), entry);
    Duration length = Duration.between(entry.getStart(), entry.getEnd());
    if (length.compareTo(env.longest) > 0) {
      env.longest = length;
    }
    byWindow.computeIfAbsent(entry.getWindowId(), w -> new TreeMap<>()).put(entry.getClaimId(), entry);
  }

  /** Releases one claim; the entry released, or null if it was not held. */
  public ReservationEntry remove(String windowId, String claimId) {
    Map<String, ReservationEntry> claims = byWindow.get(windowId);
    ReservationEntry entry = claims == null ? null : claims.remove(claimId);
    if (entry == null) {
      return null;
    }
    if (claims.isEmpty()) {
      byWindow.remove(windowId);
    }
    Environment env = environments.get(entry.getEnvironment());
    Map<String, ReservationEntry> atStart = env.byStart.get(entry.getStart());
    atStart.remove(key(entry));
    if (atStart.isEmpty()) {
      env.byStart.remove(entry.getStart());
    }
    return entry;
  }

  /** The claims a window holds (in any environment of this table). */
  public Collection<ReservationEntry> claimsOf(String windowId) {
    return List.copyOf(byWindow.getOrDefault(windowId, Map.of()).values());
  }

  /** Live claims in all environments of this table. */
  public int size() {
    return byWindow.values().stream().mapToInt(Map::size).sum();
  }

  /** The candidates a plan of {@code windowId} in {@code environment} is checked against. */
  public Planning.Candidates candidates(String environment, String windowId) {
    return new Planning.Candidates() {
      @Override
      public List<Reservation> overlapping(Instant start, Instant end) {
        return within(environment, windowId, start, end);
      }

      @Override
      public List<Reservation> endingAfter(Instant earliest) {
        return within(environment, windowId, earliest, null);
      }
    };
  }

  /**
   * Other windows' claims overlapping {@code [start, end)} ({@code end} null: unbounded). A claim
   * overlapping it starts before {@code end} and no earlier than {@code start - longest}.
   */
  private List<Reservation> within(String environment, String windowId, Instant start, Instant end) {
    Environment env = environments.get(environment);
    if (env == null) {
      return List.of();
    }
    Instant from = start.minus(env.longest);
    NavigableMap<Instant, Map<String, ReservationEntry>> range =
        end == null ? env.byStart.tailMap(from, true) : env.byStart.subMap(from, true, end, false);
    List<Reservation> found = new ArrayList<>();
    for (Map<String, ReservationEntry> atStart : range.values()) {
      for (ReservationEntry e : atStart.values()) {
        if (!e.getWindowId().equals(windowId) && e.getEnd().isAfter(start)) {
          found.add(new Reservation(e.getWindowId(), e.getEnvironment(), List.copyOf(e.getServices()), e.getStart(), e.getEnd()));
        }
      }
    }
    return found;
  }
}
