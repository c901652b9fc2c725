package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import io.windowops.scheduler.policy.WindowPolicy.Reservation;
import io.windowops.scheduler.policy.WindowPolicy.WindowPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The policies and plans the tests use; every instant is fixed, nothing reads a clock. */
final class PolicyFixtures {

  /** The shipped example, the policy users start from. */
  static final Path EXAMPLE = Path.of("..", "examples", "policies.yaml");

  private PolicyFixtures() {}

  static MaintenancePolicy example() {
    return MaintenancePolicy.load(EXAMPLE);
  }

  static MaintenancePolicy resource(String name) {
    return MaintenancePolicy.load(resourcePath(name));
  }

  static Path resourcePath(String name) {
    return Path.of("src", "test", "resources", "policies", name);
  }

  static Instant at(String isoInstant) {
    return Instant.parse(isoInstant);
  }

  static WindowPlan plan(
      String environment, MaintenanceType type, String start, String end, String... services) {
    return new WindowPlan(
        "w-new", environment, List.of(services), type, at(start), at(end), "alice");
  }

  static Reservation reservation(
      String windowId, String environment, String start, String end, String... services) {
    return new Reservation(windowId, environment, List.of(services), at(start), at(end));
  }
}
