package io.windowops.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.scheduler.api.ApiError.FieldProblem;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated hostile bodies (wrong types, missing fields, huge values, unknown enum values, bad
 * times, odd nesting) never crash the parser: every body is either a valid request or answered
 * with problems that each name the field at fault. A throw here would be a 500 from the API.
 */
@Label("Hostile window request bodies")
class HostileRequestBodiesTest {

  private static final List<String> FIELDS =
      List.of(
          "windowId", "title", "description", "services", "environment", "maintenanceType",
          "requestedStart", "requestedEnd", "durationMinutes", "useNextAllowedSlot", "steps",
          "preflightCriteria", "successCriteria", "audiences", "impact", "labels", "correlationId");

  private final WindowRequestParser parser = new WindowRequestParser();

  @Property(tries = 2000)
  @Label("each is a valid request or a list of problems naming fields, never an exception")
  void neverThrows(@ForAll("bodies") JsonObject body) {
    WindowRequestParser.Parsed parsed = parser.parse(body, "ana");
    if (parsed.problems().isEmpty()) {
      assertThat(parsed.request()).isNotNull();
      assertThat(parsed.request().getRequester()).isEqualTo("ana");
    } else {
      assertThat(parsed.request()).isNull();
      assertThat(parsed.problems()).allSatisfy(p -> {
        assertThat(p.field()).isNotBlank();
        assertThat(p.problem()).isNotBlank();
      });
    }
  }

  @Property(tries = 500)
  @Label("a value of the wrong kind in any field is reported against that field")
  void wrongKindNamesTheField(@ForAll("fields") String field, @ForAll("wrongValues") Object value) {
    JsonObject body = valid().put(field, value);
    List<FieldProblem> problems = parser.parse(body, "ana").problems();
    if (!problems.isEmpty()) {
      assertThat(problems).extracting(FieldProblem::field).anyMatch(f -> f.equals(field) || f.startsWith(field + "[") || f.startsWith(field + ".") || isTimingField(f));
    }
  }

  private static boolean isTimingField(String f) {
    // A bad start, end or duration can also surface as a missing partner field.
    return f.equals("requestedStart") || f.equals("requestedEnd") || f.equals("durationMinutes");
  }

  @Provide
  Arbitrary<String> fields() {
    return Arbitraries.of(FIELDS);
  }

  @Provide
  Arbitrary<Object> wrongValues() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.doubles().map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.strings().ofMaxLength(20_000).map(s -> (Object) s),
        Arbitraries.of("", " ", "SOMETIMES", "2026-13-45T99:99:99Z", "next tuesday", "Europe/Atlantis", "; rm -rf /", "$(reboot)")
            .map(s -> (Object) s),
        Arbitraries.just(new JsonObject().put("nested", new JsonArray().add(1))),
        Arbitraries.just(new JsonArray().add("x").add(new JsonObject())));
  }

  @Provide
  Arbitrary<JsonObject> bodies() {
    Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofMaxLength(12));
    return Arbitraries.oneOf(
            wrongValues(),
            Arbitraries.just((Object) null),
            Arbitraries.just((Object) new JsonArray().add(new JsonObject().put("stepId", 7).put("timeoutSeconds", "x"))))
        .flatMap(value -> field.list().ofMaxSize(6).map(names -> {
          JsonObject body = valid();
          for (String name : names) {
            if (value == null) {
              body.remove(name);
            } else {
              body.put(name, value);
            }
          }
          return body;
        }));
  }

  private static JsonObject valid() {
    return new JsonObject()
        .put("windowId", "MNT-2026-0042")
        .put("title", "Upgrade the resolver")
        .put("services", new JsonArray().add("resolver"))
        .put("environment", "production")
        .put("maintenanceType", "PLANNED_OUTAGE")
        .put("requestedStart", "2026-12-01T02:00:00Z")
        .put("requestedEnd", "2026-12-01T03:30:00Z")
        .put("steps", new JsonArray().add(new JsonObject().put("stepId", "backup").put("action", "backup-config").put("timeoutSeconds", 120)));
  }
}
