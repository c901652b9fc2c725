package io.windowops.platform.registry;

import io.windowops.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * What the registry knows: schemas by id, the versions of each subject, compatibility levels. The
 * store's writer thread owns one mutable instance and applies the store topic's records to it;
 * request handlers read {@link #copy() copies}, which nobody changes.
 */
final class RegistryState {

  /** Confluent's default global level. */
  static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

  /** A registered schema: the text the API returns is Avro's canonical JSON of it. */
  record StoredSchema(int id, String canonical, Schema schema) {}

  /** One live version of a subject. */
  record Version(String subject, int version, StoredSchema schema) {}

  private final Map<Integer, StoredSchema> byId;
  private final Map<String, Integer> idByCanonical;
  private final TreeMap<String, TreeMap<Integer, Integer>> subjects;
  private final Map<String, Integer> highestVersion;
  private final Map<String, CompatibilityLevel> subjectLevels;
  private CompatibilityLevel globalLevel;
  private int highestId;

  RegistryState() {
    this(
        new HashMap<>(),
        new HashMap<>(),
        new TreeMap<>(),
        new HashMap<>(),
        new HashMap<>(),
        null,
        0);
  }

  private RegistryState(
      Map<Integer, StoredSchema> byId,
      Map<String, Integer> idByCanonical,
      TreeMap<String, TreeMap<Integer, Integer>> subjects,
      Map<String, Integer> highestVersion,
      Map<String, CompatibilityLevel> subjectLevels,
      CompatibilityLevel globalLevel,
      int highestId) {
    this.byId = byId;
    this.idByCanonical = idByCanonical;
    this.subjects = subjects;
    this.highestVersion = highestVersion;
    this.subjectLevels = subjectLevels;
    this.globalLevel = globalLevel;
    this.highestId = highestId;
  }

  /** A deep copy for readers (schemas themselves are shared: nobody changes them). */
  RegistryState copy() {
    TreeMap<String, TreeMap<Integer, Integer>> subjectsCopy = new TreeMap<>();
    subjects.forEach((subject, versions) -> subjectsCopy.put(subject, new TreeMap<>(versions)));
    return new RegistryState(
        new HashMap<>(byId),
        new HashMap<>(idByCanonical),
        subjectsCopy,
        new HashMap<>(highestVersion),
        new HashMap<>(subjectLevels),
        globalLevel,
        highestId);
  }

  // ---- changes, applied from the store topic ----

  /**
   * A version of a subject. A soft-deleted one ({@code deleted}, as Confluent's registry writes)
   * keeps its id served but is no longer a version of the subject.
   */
  void putSchema(String subject, int version, int id, Schema schema, boolean deleted) {
    String canonical = schema.toString();
    StoredSchema stored = byId.computeIfAbsent(id, i -> new StoredSchema(i, canonical, schema));
    idByCanonical.putIfAbsent(stored.canonical(), id);
    highestId = Math.max(highestId, id);
    highestVersion.merge(subject, version, Math::max);
    if (deleted) {
      removeVersion(subject, version);
    } else {
      subjects.computeIfAbsent(subject, s -> new TreeMap<>()).put(version, id);
    }
  }

  /** A tombstone: the version is gone (the id stays served, as ids are never reused). */
  void removeVersion(String subject, int version) {
    TreeMap<Integer, Integer> versions = subjects.get(subject);
    if (versions != null) {
      versions.remove(version);
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    }
  }

  /** The level of one subject, or the global level when {@code subject} is null; null clears it. */
  void putLevel(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  // ---- queries ----

  Optional<StoredSchema> schema(int id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The id of a schema with this canonical text, under any subject. */
  Optional<Integer> idOf(String canonical) {
    return Optional.ofNullable(idByCanonical.get(canonical));
  }

  List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  boolean hasSubject(String subject) {
    return subjects.containsKey(subject);
  }

  /** Live versions of the subject, ascending, mapped to schema ids; empty if none. */
  SortedMap<Integer, Integer> versions(String subject) {
    TreeMap<Integer, Integer> versions = subjects.get(subject);
    return versions == null
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(versions);
  }

  Optional<Version> version(String subject, int version) {
    Integer id = versions(subject).get(version);
    return id == null ? Optional.empty() : Optional.of(new Version(subject, version, byId.get(id)));
  }

  Optional<Version> latest(String subject) {
    SortedMap<Integer, Integer> versions = versions(subject);
    return versions.isEmpty() ? Optional.empty() : version(subject, versions.lastKey());
  }

  /** Every live version of the subject, oldest first. */
  List<Version> history(String subject) {
    List<Version> history = new ArrayList<>();
    versions(subject).forEach((v, id) -> history.add(new Version(subject, v, byId.get(id))));
    return history;
  }

  /** The version of the subject that has this schema id, if any. */
  Optional<Version> versionWithId(String subject, int id) {
    for (Map.Entry<Integer, Integer> e : versions(subject).entrySet()) {
      if (e.getValue() == id) {
        return Optional.of(new Version(subject, e.getKey(), byId.get(id)));
      }
    }
    return Optional.empty();
  }

  /** Ids are never reused, even of deleted versions. */
  int nextId() {
    return highestId + 1;
  }

  /** Version numbers of a subject are never reused either. */
  int nextVersion(String subject) {
    return highestVersion.getOrDefault(subject, 0) + 1;
  }

  CompatibilityLevel globalLevel() {
    return globalLevel == null ? DEFAULT_LEVEL : globalLevel;
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  /** The subject's own level, else the global one. */
  CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevel(subject).orElseGet(this::globalLevel);
  }

  int schemaCount() {
    return byId.size();
  }
}
