package io.windowops.scheduler.runtime;

import io.windowops.events.WindowStateSnapshot;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The authoritative state of the windows this instance owns, grouped by partition so that a
 * revoked partition's windows can be dropped at once. Only the saga loop's thread touches it.
 */
final class WindowStore {

  private final Map<Integer, Map<String, WindowStateSnapshot>> byPartition = new HashMap<>();

  WindowStateSnapshot get(int partition, String windowId) {
    Map<String, WindowStateSnapshot> windows = byPartition.get(partition);
    return windows == null ? null : windows.get(windowId);
  }

  void put(int partition, WindowStateSnapshot state) {
    byPartition.computeIfAbsent(partition, p -> new HashMap<>()).put(state.getWindowId(), state);
  }

  boolean owns(int partition) {
    return byPartition.containsKey(partition);
  }

  void adopt(int partition, Map<String, WindowStateSnapshot> restored) {
    byPartition.put(partition, new HashMap<>(restored));
  }

  /** Drops the partitions' windows; returns them (their timers must be cancelled). */
  List<WindowStateSnapshot> drop(Set<Integer> partitions) {
    return partitions.stream()
        .map(byPartition::remove)
        .filter(m -> m != null)
        .flatMap(m -> m.values().stream())
        .toList();
  }

  Collection<WindowStateSnapshot> windows(int partition) {
    Map<String, WindowStateSnapshot> windows = byPartition.get(partition);
    return windows == null ? List.of() : windows.values();
  }

  int size() {
    return byPartition.values().stream().mapToInt(Map::size).sum();
  }
}
