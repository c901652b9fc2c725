package io.windowops.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaFormatter;

/**
 * The released value schemas of every topic subject, and the guard that keeps the current schemas
 * backward-transitive compatible with them.
 *
 * <p>Layout: {@code schemas/src/main/resources/released/<subject>/v<N>.avsc}, one full standalone
 * schema per released version, {@code v1} the first. A subject is a topic name plus {@code -value}
 * (see {@link Topic#subject()}), dead-letter topics included.
 *
 * <p>After an intended, backward-compatible schema change, write the new snapshots with
 *
 * <pre>{@value #RELEASE_COMMAND}</pre>
 *
 * (run from the repository root) and commit them with the change. The command refuses to write a
 * snapshot the current schema is not backward compatible with; {@code SchemaCompatibilityTest}
 * fails the build until the snapshots match.
 */
public final class ReleasedSchemas {

  /** Writes a new snapshot for every subject whose current schema differs from its latest one. */
  public static final String RELEASE_COMMAND =
      "mvn -B -q -pl schemas compile exec:java -Dexec.mainClass=io.windowops.schemas.ReleasedSchemas";

  /** Where the snapshots live, relative to the schemas module. */
  public static final Path MODULE_RELATIVE_DIR = Path.of("src", "main", "resources", "released");

  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

  private final Path root;

  /** Snapshots under {@code root} ({@code root/<subject>/v<N>.avsc}). */
  public ReleasedSchemas(Path root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /**
   * The snapshots in the source tree, found from the schemas module directory or from the
   * repository root (Maven's {@code exec:java} runs in the directory it was started from).
   */
  public static ReleasedSchemas inSourceTree() {
    Path fromModule = MODULE_RELATIVE_DIR;
    Path fromRoot = Path.of("schemas").resolve(MODULE_RELATIVE_DIR);
    if (Files.isDirectory(Path.of("src", "main", "avro"))) {
      return new ReleasedSchemas(fromModule);
    }
    if (Files.isDirectory(Path.of("schemas", "src", "main", "avro"))) {
      return new ReleasedSchemas(fromRoot);
    }
    throw new IllegalStateException(
        "Cannot find the schemas module from "
            + Path.of("").toAbsolutePath()
            + "; run from the repository root or pass the snapshot directory as argument");
  }

  public Path root() {
    return root;
  }

  /** Every released version of {@code subject}, by version number; empty if none. */
  public NavigableMap<Integer, Schema> versions(String subject) {
    Path dir = root.resolve(subject);
    NavigableMap<Integer, Schema> versions = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          versions.put(Integer.parseInt(m.group(1)), parse(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return versions;
  }

  /** The latest released version of {@code subject}, if any. */
  public Optional<Map.Entry<Integer, Schema>> latest(String subject) {
    return Optional.ofNullable(versions(subject).lastEntry());
  }

  /**
   * Why data written with {@code writer} cannot be read with {@code reader}, as Avro's {@link
   * SchemaCompatibility} reports it; empty when it can. Avro reports a changed record inside a
   * union only as a missing union branch, so every named type of the writer is also checked
   * against the reader's type of the same name, and its own reasons are added.
   */
  public static List<String> incompatibilities(Schema reader, Schema writer) {
    List<String> reasons = reasons(reader, writer, "");
    if (reasons.isEmpty()) {
      return reasons;
    }
    Map<String, Schema> readerTypes = namedTypes(reader);
    namedTypes(writer)
        .forEach(
            (name, writerType) -> {
              Schema readerType = readerTypes.get(name);
              if (readerType != null && !name.equals(writer.getFullName())) {
                reasons.addAll(reasons(readerType, writerType, " in " + name));
              }
            });
    return reasons.stream().distinct().toList();
  }

  private static List<String> reasons(Schema reader, Schema writer, String where) {
    SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    List<String> reasons = new ArrayList<>();
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return reasons;
    }
    for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
      reasons.add(i.getType() + where + " at " + i.getLocation() + ": " + i.getMessage());
    }
    if (reasons.isEmpty()) {
      reasons.add(pair.getDescription());
    }
    return reasons;
  }

  /** Every record, enum and fixed type defined in {@code schema}, by full name. */
  private static Map<String, Schema> namedTypes(Schema schema) {
    Map<String, Schema> found = new LinkedHashMap<>();
    collectNamedTypes(schema, found);
    return found;
  }

  private static void collectNamedTypes(Schema schema, Map<String, Schema> found) {
    switch (schema.getType()) {
      case RECORD -> {
        if (found.putIfAbsent(schema.getFullName(), schema) == null) {
          schema.getFields().forEach(f -> collectNamedTypes(f.schema(), found));
        }
      }
      case ENUM, FIXED -> found.putIfAbsent(schema.getFullName(), schema);
      case ARRAY -> collectNamedTypes(schema.getElementType(), found);
      case MAP -> collectNamedTypes(schema.getValueType(), found);
      case UNION -> schema.getTypes().forEach(t -> collectNamedTypes(t, found));
      default -> {}
    }
  }

  /** Whether two schemas are the same contract, docs and properties included. */
  public static boolean sameContract(Schema a, Schema b) {
    return a.toString().equals(b.toString());
  }

  /**
   * Every version of {@code subject} the {@code current} schema cannot read, with the reasons;
   * empty when the current schema is backward-transitive compatible with all released versions.
   */
  public List<String> incompatibleVersions(String subject, Schema current) {
    List<String> problems = new ArrayList<>();
    versions(subject)
        .forEach(
            (version, released) -> {
              List<String> reasons = incompatibilities(current, released);
              if (!reasons.isEmpty()) {
                problems.add(
                    "The current schema of "
                        + subject
                        + " cannot read data written with released v"
                        + version
                        + " ("
                        + root.resolve(subject).resolve(fileName(version))
                        + "): "
                        + String.join("; ", reasons)
                        + ". Released data stays on the topics: make the change backward compatible"
                        + " (add fields with defaults, add union branches and enum symbols at the"
                        + " end; never rename, retype or remove) instead of editing a snapshot.");
              }
            });
    return problems;
  }

  /**
   * What keeps {@code current} from being the released contract of {@code subject}: no snapshot,
   * an incompatible released version, or a difference from the latest snapshot. Empty when the
   * subject is released and unchanged.
   */
  public List<String> problems(String subject, Schema current) {
    NavigableMap<Integer, Schema> versions = versions(subject);
    if (versions.isEmpty()) {
      return List.of(
          subject
              + " has no released snapshot under "
              + root.resolve(subject)
              + ". Write v1 with `"
              + RELEASE_COMMAND
              + "` and commit it.");
    }
    List<String> problems = new ArrayList<>(incompatibleVersions(subject, current));
    Map.Entry<Integer, Schema> latest = versions.lastEntry();
    if (problems.isEmpty() && !sameContract(current, latest.getValue())) {
      problems.add(
          "The current schema of "
              + subject
              + " differs from its latest released snapshot v"
              + latest.getKey()
              + ". If the change is intended, write v"
              + (latest.getKey() + 1)
              + " with `"
              + RELEASE_COMMAND
              + "` and commit it with the change.");
    }
    return problems;
  }

  /**
   * Writes the next snapshot of {@code subject} if {@code current} differs from the latest one.
   *
   * @return the file written, or empty if the subject is unchanged
   * @throws IllegalStateException if {@code current} cannot read a released version
   */
  public Optional<Path> release(String subject, Schema current) {
    List<String> incompatible = incompatibleVersions(subject, current);
    if (!incompatible.isEmpty()) {
      throw new IllegalStateException(String.join(System.lineSeparator(), incompatible));
    }
    Optional<Map.Entry<Integer, Schema>> latest = latest(subject);
    if (latest.isPresent() && sameContract(current, latest.get().getValue())) {
      return Optional.empty();
    }
    int next = latest.map(e -> e.getKey() + 1).orElse(1);
    Path file = root.resolve(subject).resolve(fileName(next));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
    return Optional.of(file);
  }

  /**
   * Writes a new snapshot for every topic subject whose current schema differs from its latest
   * released one. Checks every subject first and writes nothing if any is incompatible.
   *
   * @param args optional: the snapshot directory (default: found from the working directory)
   */
  public static void main(String[] args) {
    ReleasedSchemas released =
        args.length > 0 ? new ReleasedSchemas(Path.of(args[0])) : ReleasedSchemas.inSourceTree();
    List<String> incompatible = new ArrayList<>();
    for (Topic<?> topic : Topics.withDlqs()) {
      incompatible.addAll(released.incompatibleVersions(topic.subject(), topic.valueSchema()));
    }
    if (!incompatible.isEmpty()) {
      throw new IllegalStateException(
          "No snapshot written:" + System.lineSeparator() + String.join(System.lineSeparator(), incompatible));
    }
    int written = 0;
    for (Topic<?> topic : Topics.withDlqs()) {
      Optional<Path> file = released.release(topic.subject(), topic.valueSchema());
      if (file.isPresent()) {
        System.out.println("released " + topic.subject() + " -> " + file.get());
        written++;
      }
    }
    System.out.println(
        written == 0
            ? "Every subject matches its latest snapshot under " + released.root() + "; nothing written."
            : written + " snapshot(s) written under " + released.root() + "; commit them.");
  }

  private static String fileName(int version) {
    return "v" + version + ".avsc";
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("Released snapshot " + file + " is not a valid schema: " + e.getMessage(), e);
    }
  }
}
