package io.windowops.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event contract")
class SchemaDocumentationTest {

  private static final Path AVRO_SOURCES = Path.of("src", "main", "avro");
  private static final String NAMESPACE = "io.windowops.events";

  /** Every named type reachable from a topic's value schema, by full name. */
  private static Map<String, Schema> namedTypes() {
    Map<String, Schema> found = new LinkedHashMap<>();
    Topics.withDlqs().forEach(t -> collect(t.valueSchema(), found));
    return found;
  }

  private static void collect(Schema schema, Map<String, Schema> found) {
    switch (schema.getType()) {
      case RECORD -> {
        if (found.putIfAbsent(schema.getFullName(), schema) == null) {
          schema.getFields().forEach(f -> collect(f.schema(), found));
        }
      }
      case ENUM, FIXED -> found.putIfAbsent(schema.getFullName(), schema);
      case ARRAY -> collect(schema.getElementType(), found);
      case MAP -> collect(schema.getValueType(), found);
      case UNION -> schema.getTypes().forEach(s -> collect(s, found));
      default -> {}
    }
  }

  @Test
  @DisplayName("documents every record, enum and field")
  void everythingHasADoc() {
    List<String> missing = new ArrayList<>();
    for (Schema type : namedTypes().values()) {
      if (isBlank(type.getDoc())) {
        missing.add(type.getFullName());
      }
      if (type.getType() == Schema.Type.RECORD) {
        for (Schema.Field field : type.getFields()) {
          if (isBlank(field.doc())) {
            missing.add(type.getFullName() + "." + field.name());
          }
        }
      }
    }
    assertThat(namedTypes()).hasSizeGreaterThan(50);
    assertThat(missing).as("types and fields without a doc").isEmpty();
  }

  @Test
  @DisplayName("keeps every generated type in its own namespace, apart from service code")
  void namespace() {
    assertThat(namedTypes().values()).allSatisfy(t -> assertThat(t.getNamespace()).isEqualTo(NAMESPACE));
  }

  @Test
  @DisplayName("gives every optional field a null default and every collection an empty default")
  void defaults() {
    List<String> wrong = new ArrayList<>();
    for (Schema type : namedTypes().values()) {
      if (type.getType() != Schema.Type.RECORD) {
        continue;
      }
      for (Schema.Field field : type.getFields()) {
        Schema s = field.schema();
        String where = type.getName() + "." + field.name();
        if (s.isNullable()) {
          boolean nullFirst = s.getTypes().get(0).getType() == Schema.Type.NULL;
          if (!nullFirst || !field.hasDefaultValue() || field.defaultVal() != JsonProperties.NULL_VALUE) {
            wrong.add(where + " is optional but not [\"null\", T] with default null");
          }
        }
        if (s.getType() == Schema.Type.ARRAY && !(field.hasDefaultValue() && field.defaultVal().equals(List.of()))) {
          wrong.add(where + " is an array without the default []");
        }
        if (s.getType() == Schema.Type.MAP && !(field.hasDefaultValue() && field.defaultVal().equals(Map.of()))) {
          wrong.add(where + " is a map without the default {}");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  @DisplayName("stores every timestamp as timestamp-millis and every id as a plain string")
  void logicalTypes() {
    List<String> wrong = new ArrayList<>();
    for (Schema type : namedTypes().values()) {
      if (type.getType() != Schema.Type.RECORD) {
        continue;
      }
      for (Schema.Field field : type.getFields()) {
        Schema s = field.schema().isNullable() ? nonNull(field.schema()) : field.schema();
        String where = type.getName() + "." + field.name();
        boolean timeName = field.name().endsWith("At") || field.name().endsWith("Start") || field.name().endsWith("End");
        if (timeName && !(s.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
          wrong.add(where + " looks like a timestamp but is " + s);
        }
        if (field.name().endsWith("Id") && s.getType() != Schema.Type.STRING) {
          wrong.add(where + " is an id but not a string");
        }
        if (s.getType() == Schema.Type.STRING && s.getLogicalType() != null) {
          wrong.add(where + " has logical type " + s.getLogicalType().getName() + " (generates a non-String type)");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  @DisplayName("keeps optional logical types out of array elements, where decoded records could not be compared")
  void noOptionalLogicalTypesInArrays() {
    // A decoded array is a GenericData.Array whose equals() uses GenericData.get(), which knows no
    // logical-type conversions: a union holding an Instant makes it throw instead of comparing.
    List<String> wrong = new ArrayList<>();
    for (Schema type : namedTypes().values()) {
      if (type.getType() == Schema.Type.RECORD) {
        for (Schema.Field field : type.getFields()) {
          arraysIn(field.schema(), new ArrayList<>())
              .forEach(array -> {
                if (hasOptionalLogicalType(array.getElementType(), new ArrayList<>())) {
                  wrong.add(type.getName() + "." + field.name());
                }
              });
        }
      }
    }
    assertThat(wrong).as("use a map keyed by id, or a required field, instead").isEmpty();
  }

  private static List<Schema> arraysIn(Schema schema, List<Schema> seen) {
    List<Schema> arrays = new ArrayList<>();
    if (seen.contains(schema)) {
      return arrays;
    }
    seen.add(schema);
    switch (schema.getType()) {
      case ARRAY -> {
        arrays.add(schema);
        arrays.addAll(arraysIn(schema.getElementType(), seen));
      }
      case MAP -> arrays.addAll(arraysIn(schema.getValueType(), seen));
      case UNION -> schema.getTypes().forEach(t -> arrays.addAll(arraysIn(t, seen)));
      case RECORD -> schema.getFields().forEach(f -> arrays.addAll(arraysIn(f.schema(), seen)));
      default -> {}
    }
    return arrays;
  }

  private static boolean hasOptionalLogicalType(Schema schema, List<Schema> seen) {
    if (seen.contains(schema)) {
      return false;
    }
    seen.add(schema);
    return switch (schema.getType()) {
      case UNION -> schema.getTypes().stream()
          .anyMatch(t -> t.getLogicalType() != null || hasOptionalLogicalType(t, seen));
      case RECORD -> schema.getFields().stream().anyMatch(f -> hasOptionalLogicalType(f.schema(), seen));
      case ARRAY -> hasOptionalLogicalType(schema.getElementType(), seen);
      case MAP -> hasOptionalLogicalType(schema.getValueType(), seen);
      default -> false;
    };
  }

  @Test
  @DisplayName("keeps one named type per .avsc file, named like the file, and no file unused by a topic")
  void oneTypePerFile() throws IOException {
    ObjectMapper json = new ObjectMapper();
    TreeSet<String> files = new TreeSet<>();
    try (Stream<Path> avsc = Files.list(AVRO_SOURCES)) {
      for (Path file : avsc.filter(p -> p.toString().endsWith(".avsc")).toList()) {
        JsonNode type = json.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".avsc", "");
        assertThat(type.path("name").asText()).as(file.toString()).isEqualTo(name);
        assertThat(type.path("namespace").asText()).as(file.toString()).isEqualTo(NAMESPACE);
        assertThat(namedTypeDefinitions(type)).as("named types defined in " + file).isEqualTo(1);
        files.add(NAMESPACE + "." + name);
      }
    }
    assertThat(files).isEqualTo(new TreeSet<>(namedTypes().keySet()));
  }

  /** How many records, enums and fixed types a schema file defines (references are strings). */
  private static int namedTypeDefinitions(JsonNode node) {
    int count = 0;
    if (node.isObject() && node.path("type").isTextual()
        && List.of("record", "enum", "fixed").contains(node.path("type").asText())) {
      count++;
    }
    for (JsonNode child : node) {
      count += namedTypeDefinitions(child);
    }
    return count;
  }

  private static Schema nonNull(Schema union) {
    return union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
