package io.windowops.scheduler.policy;

import io.windowops.events.MaintenanceType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a policy file into a {@link MaintenancePolicy}, checking everything at once: unknown keys,
 * bad values, references to undeclared environments or types, rules that contradict each other. The
 * format is described in {@code examples/README-policies.md}.
 */
final class PolicyLoader {

  static final Duration DEFAULT_LATE_START_GRACE = Duration.ofMinutes(15);
  static final Duration DEFAULT_STEP_CUTOFF = Duration.ofMinutes(10);
  static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMinutes(15);

  private final ParseErrors errors;

  private PolicyLoader(String file) {
    this.errors = new ParseErrors(file);
  }

  static MaintenancePolicy load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PolicyException(
          List.of(new PolicyError(file.toString(), 0, 0, "", "cannot read the file: " + e)));
    }
    return parse(text, file.toString());
  }

  static MaintenancePolicy parse(String yaml, String file) {
    PolicyLoader loader = new PolicyLoader(file);
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      loader.errors.add(e.getProblemMark(), "", "not valid YAML: " + e.getProblem());
      throw new PolicyException(loader.errors.list());
    } catch (YAMLException e) {
      loader.errors.add((Node) null, "", "not valid YAML: " + e.getMessage());
      throw new PolicyException(loader.errors.list());
    }
    if (root == null) {
      loader.errors.add((Node) null, "", "the file is empty");
      throw new PolicyException(loader.errors.list());
    }
    Optional<MaintenancePolicy> policy =
        YamlSection.of(root, "", loader.errors).map(loader::policy);
    if (!loader.errors.isEmpty() || policy.isEmpty()) {
      throw new PolicyException(loader.errors.list());
    }
    return policy.get();
  }

  private MaintenancePolicy policy(YamlSection root) {
    root.allowOnly("version", "defaults", "environments", "freezes", "types", "recurring", "alerts");
    root.value("version", PolicyValues::positiveInt)
        .filter(v -> v != 1)
        .ifPresent(v -> root.error("version", "only version 1 is known"));
    Optional<YamlSection> defaults = root.section("defaults");
    defaults.ifPresent(d -> d.allowOnly("lateStartGrace", "stepCutoff", "progressInterval"));
    Duration grace =
        defaults
            .flatMap(d -> d.value("lateStartGrace", PolicyValues::duration))
            .orElse(DEFAULT_LATE_START_GRACE);
    Duration cutoff =
        defaults
            .flatMap(d -> d.value("stepCutoff", PolicyValues::duration))
            .orElse(DEFAULT_STEP_CUTOFF);
    Duration progress =
        defaults
            .flatMap(d -> d.value("progressInterval", PolicyValues::positiveDuration))
            .orElse(DEFAULT_PROGRESS_INTERVAL);

    if (!root.has("environments")) {
      root.error("environments", "is required: declare at least one environment");
    }
    Map<String, EnvironmentRule> environments = new LinkedHashMap<>();
    Map<String, YamlSection> envSections = root.named("environments");
    envSections.forEach(
        (name, section) ->
            EnvironmentReader.environment(name, section, grace)
                .ifPresent(e -> environments.put(name, e)));
    Set<String> envNames = envSections.keySet();

    Map<MaintenanceType, TypeRule> types = new EnumMap<>(MaintenanceType.class);
    root.named("types")
        .forEach(
            (name, section) -> {
              Optional<MaintenanceType> type = TypeReader.typeKey(name, section);
              type.flatMap(t -> TypeReader.type(t, section, cutoff, progress))
                  .ifPresent(r -> types.put(r.type(), r));
            });

    List<FreezePeriod> freezes = new ArrayList<>();
    Set<String> freezeIds = new HashSet<>();
    for (YamlSection section : root.sections("freezes")) {
      CalendarReader.freeze(section, envNames)
          .ifPresent(
              f -> {
                if (freezeIds.add(f.id())) {
                  freezes.add(f);
                } else {
                  section.error("id", "duplicate freeze id '" + f.id() + "'");
                }
              });
    }

    Map<String, RecurringWindow> recurring = new LinkedHashMap<>();
    for (YamlSection section : root.sections("recurring")) {
      CalendarReader.recurring(section, environments, types)
          .ifPresent(
              r -> {
                if (recurring.putIfAbsent(r.id(), r) != null) {
                  section.error("id", "duplicate recurring window id '" + r.id() + "'");
                }
              });
    }
    AlertPolicy alerts =
        root.section("alerts")
            .map(a -> AlertsReader.alerts(a, environments, types))
            .orElse(AlertPolicy.none());
    return new MaintenancePolicy(
        environments, types, freezes, recurring, alerts, grace, cutoff, progress);
  }
}
