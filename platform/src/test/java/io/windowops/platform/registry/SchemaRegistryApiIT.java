package io.windowops.platform.registry;

import static io.windowops.platform.registry.TestSchemas.ONLY_B;
import static io.windowops.platform.registry.TestSchemas.V1;
import static io.windowops.platform.registry.TestSchemas.V1_PLUS_C;
import static io.windowops.platform.registry.TestSchemas.V2;
import static io.windowops.platform.registry.TestSchemas.canonical;
import static io.windowops.platform.registry.TestSchemas.subject;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.windowops.platform.registry.RegistryHttp.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedded registry's REST API")
class SchemaRegistryApiIT {

  private static RunningRegistry registry;
  private static RegistryHttp http;

  @BeforeAll
  static void start() {
    registry = RunningRegistry.start(RunningRegistry.isolated());
    http = new RegistryHttp(registry.url());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  @DisplayName("answers GET / with an empty JSON object in the registry's media type")
  void root() {
    Reply reply = http.get("/");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo(RegistryHttp.MEDIA_TYPE);
    assertThat(reply.json()).isEqualTo(new JsonObject());
    assertThat(http.get("/schemas/types").array()).containsExactly("AVRO");
  }

  @Test
  @DisplayName(
      "registers a schema, returns {\"id\": n} and serves it by id in Avro's canonical JSON")
  void registerAndFetchById() {
    String subject = subject("register");

    Reply registered = http.register(subject, V1);

    assertThat(registered.status()).isEqualTo(200);
    assertThat(registered.json().fieldNames()).containsExactly("id");
    int id = registered.json().getInteger("id");
    Reply byId = http.get("/schemas/ids/" + id);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(byId.json()).isEqualTo(new JsonObject().put("schema", canonical(V1)));
    assertThat(http.get("/schemas/ids/" + id + "/schema").body()).isEqualTo(canonical(V1));
  }

  @Test
  @DisplayName(
      "returns the existing id when a subject gets the same schema again, whatever its layout")
  void sameSchemaSameId() {
    String subject = subject("again");
    int id = http.registerOk(subject, V1);

    String spaced = new JsonObject(V1).encodePrettily();
    Reply again =
        http.post(
            "/subjects/" + subject + "/versions",
            new JsonObject().put("schema", spaced).put("schemaType", "AVRO"));

    assertThat(again.json().getInteger("id")).isEqualTo(id);
    assertThat(http.get("/subjects/" + subject + "/versions").array()).containsExactly(1);
  }

  @Test
  @DisplayName("gives the same schema under two subjects one global id, as version 1 of each")
  void sharedIdAcrossSubjects() {
    String first = subject("first");
    String second = subject("second");

    int id = http.registerOk(first, V2);
    int again = http.registerOk(second, V2);

    assertThat(again).isEqualTo(id);
    assertThat(http.get("/subjects/" + second + "/versions/1").json().getInteger("id"))
        .isEqualTo(id);
    int other =
        http.registerOk(
            second,
            TestSchemas.record(
                TestSchemas.A,
                TestSchemas.B_WITH_DEFAULT,
                "{\"name\":\"d\",\"type\":\"string\",\"default\":\"\"}"));
    assertThat(other).isNotEqualTo(id);
  }

  @Test
  @DisplayName("lists subjects and versions, and serves a version by number, as latest, and as -1")
  void versions() {
    String subject = subject("versions");
    int v1 = http.registerOk(subject, V1);
    int v2 = http.registerOk(subject, V2);

    assertThat(http.get("/subjects").array().getList()).contains(subject);
    assertThat(http.get("/subjects/" + subject + "/versions").array()).containsExactly(1, 2);
    assertThat(http.get("/subjects/" + subject + "/versions/1").json())
        .isEqualTo(
            new JsonObject()
                .put("subject", subject)
                .put("version", 1)
                .put("id", v1)
                .put("schema", canonical(V1)));
    JsonObject latest = http.get("/subjects/" + subject + "/versions/latest").json();
    assertThat(latest.getInteger("version")).isEqualTo(2);
    assertThat(latest.getInteger("id")).isEqualTo(v2);
    assertThat(http.get("/subjects/" + subject + "/versions/-1").json()).isEqualTo(latest);
    assertThat(http.get("/subjects/" + subject + "/versions/LATEST/schema").body())
        .isEqualTo(canonical(V2));
  }

  @Test
  @DisplayName("finds a schema under a subject with POST /subjects/{subject}")
  void lookup() {
    String subject = subject("lookup");
    http.registerOk(subject, V1);
    int id = http.registerOk(subject, V2);

    Reply found = http.post("/subjects/" + subject, new JsonObject().put("schema", V2));

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.json())
        .isEqualTo(
            new JsonObject()
                .put("subject", subject)
                .put("version", 2)
                .put("id", id)
                .put("schema", canonical(V2)));
  }

  @Test
  @DisplayName("answers 40401 for a subject without versions, on every endpoint that takes one")
  void subjectNotFound() {
    String subject = subject("unknown");

    for (Reply reply :
        List.of(
            http.get("/subjects/" + subject + "/versions"),
            http.get("/subjects/" + subject + "/versions/latest"),
            http.get("/subjects/" + subject + "/versions/1"),
            http.post("/subjects/" + subject, new JsonObject().put("schema", V1)),
            http.post(
                "/compatibility/subjects/" + subject + "/versions/1",
                new JsonObject().put("schema", V1)))) {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.contentType()).isEqualTo(RegistryHttp.MEDIA_TYPE);
      assertThat(reply.json())
          .isEqualTo(
              new JsonObject()
                  .put("error_code", 40401)
                  .put("message", "Subject '" + subject + "' not found."));
    }
  }

  @Test
  @DisplayName("answers 40402 for a version the subject does not have")
  void versionNotFound() {
    String subject = subject("version");
    http.registerOk(subject, V1);

    Reply reply = http.get("/subjects/" + subject + "/versions/7");
    Reply compatibility =
        http.post(
            "/compatibility/subjects/" + subject + "/versions/7",
            new JsonObject().put("schema", V1));

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json())
        .isEqualTo(
            new JsonObject().put("error_code", 40402).put("message", "Version 7 not found."));
    assertThat(compatibility.status()).isEqualTo(404);
    assertThat(compatibility.errorCode()).isEqualTo(40402);
  }

  @Test
  @DisplayName("answers 40403 for an unknown id and for a schema the subject does not have")
  void schemaNotFound() {
    String subject = subject("schema");
    http.registerOk(subject, V1);

    Reply byId = http.get("/schemas/ids/987654");
    Reply lookup = http.post("/subjects/" + subject, new JsonObject().put("schema", V2));

    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.json())
        .isEqualTo(
            new JsonObject().put("error_code", 40403).put("message", "Schema 987654 not found"));
    assertThat(lookup.status()).isEqualTo(404);
    assertThat(lookup.json())
        .isEqualTo(new JsonObject().put("error_code", 40403).put("message", "Schema not found"));
  }

  @Test
  @DisplayName("answers 42202 for a version that is neither a positive number nor latest")
  void invalidVersion() {
    String subject = subject("badversion");
    http.registerOk(subject, V1);

    for (String version : List.of("abc", "0", "-2", "1.5")) {
      Reply reply = http.get("/subjects/" + subject + "/versions/" + version);
      assertThat(reply.status()).as(version).isEqualTo(422);
      assertThat(reply.json())
          .isEqualTo(
              new JsonObject()
                  .put("error_code", 42202)
                  .put(
                      "message",
                      "The specified version '"
                          + version
                          + "' is not a valid version id. Allowed values are between [1, 2^31-1]"
                          + " and the string \"latest\""));
    }
    assertThat(
            http.post(
                    "/compatibility/subjects/" + subject + "/versions/zero",
                    new JsonObject().put("schema", V1))
                .errorCode())
        .isEqualTo(42202);
  }

  @Test
  @DisplayName(
      "answers 42201 for a schema that does not parse, an empty one, references, or another type")
  void invalidSchema() {
    String subject = subject("invalid");

    Reply broken =
        http.register(
            subject, "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\"}]}");
    Reply notJson = http.register(subject, "{not json");
    Reply empty = http.post("/subjects/" + subject + "/versions", new JsonObject());
    Reply protobuf =
        http.post(
            "/subjects/" + subject + "/versions",
            new JsonObject()
                .put("schema", "syntax = \"proto3\"; message M {}")
                .put("schemaType", "PROTOBUF"));
    Reply references =
        http.post(
            "/subjects/" + subject + "/versions",
            new JsonObject()
                .put("schema", V1)
                .put(
                    "references",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("name", "x")
                                .put("subject", "y")
                                .put("version", 1))));

    for (Reply reply : List.of(broken, notJson, empty, protobuf, references)) {
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.errorCode()).isEqualTo(42201);
    }
    assertThat(broken.message()).startsWith("Invalid schema: ");
    assertThat(empty.message()).isEqualTo("Empty schema");
    assertThat(protobuf.message())
        .contains("Schema type PROTOBUF is not supported")
        .contains("AVRO schemas only");
    assertThat(references.message())
        .isEqualTo("Schema references are not supported by this registry");
    assertThat(http.get("/subjects").array().getList()).doesNotContain(subject);
  }

  @Test
  @DisplayName(
      "rejects an incompatible schema with 409, saying why, and keeps the subject as it was")
  void incompatible() {
    String subject = subject("incompatible");
    http.registerOk(subject, V1);

    Reply reply = http.register(subject, V1_PLUS_C);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.errorCode()).isEqualTo(409);
    assertThat(reply.message())
        .startsWith(
            "Schema being registered is incompatible with an earlier schema for subject \""
                + subject
                + "\", details: [")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("{oldSchemaVersion: 1}")
        .contains("{compatibility: 'BACKWARD'}");
    assertThat(http.get("/subjects/" + subject + "/versions").array()).containsExactly(1);
  }

  @Test
  @DisplayName(
      "checks only the latest version at BACKWARD and every version at BACKWARD_TRANSITIVE")
  void transitive() {
    String plain = subject("backward");
    String transitive = subject("transitive");
    http.put("/config/" + transitive, new JsonObject().put("compatibility", "BACKWARD_TRANSITIVE"));
    for (String subject : List.of(plain, transitive)) {
      http.registerOk(subject, V1);
      http.registerOk(subject, V2);
    }

    Reply latestOnly = http.register(plain, ONLY_B);
    Reply everyVersion = http.register(transitive, ONLY_B);

    assertThat(latestOnly.status()).isEqualTo(200);
    assertThat(everyVersion.status()).isEqualTo(409);
    assertThat(everyVersion.message())
        .contains("{oldSchemaVersion: 1}")
        .contains("{compatibility: 'BACKWARD_TRANSITIVE'}");
  }

  @Test
  @DisplayName("checks FORWARD and FULL in the right direction")
  void forwardAndFull() {
    String forward = subject("forward");
    String full = subject("full");
    http.put("/config/" + forward, new JsonObject().put("compatibility", "FORWARD"));
    http.put("/config/" + full, new JsonObject().put("compatibility", "FULL"));
    http.registerOk(forward, V1);
    http.registerOk(full, V1);

    // Old readers ignore the new field c: forward compatible, though not backward.
    assertThat(http.register(forward, V1_PLUS_C).status()).isEqualTo(200);
    // Old readers need a, which the new schema no longer writes.
    Reply dropsA = http.register(forward, ONLY_B);
    assertThat(dropsA.status()).isEqualTo(409);
    assertThat(dropsA.message())
        .contains("The old schema cannot read data written with the new schema");
    // FULL wants both directions: c without default fails, b with default passes.
    assertThat(http.register(full, V1_PLUS_C).status()).isEqualTo(409);
    assertThat(http.register(full, V2).status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "registers anything at NONE, and hands out distinct ids under concurrent registrations")
  void concurrentRegistrations() {
    String subject = subject("none");
    http.put("/config/" + subject, new JsonObject().put("compatibility", "NONE"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Integer>> ids =
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              http.registerOk(
                                  subject,
                                  TestSchemas.record("{\"name\":\"f" + i + "\",\"type\":\"int\"}")),
                          pool))
              .toList();

      assertThat(ids.stream().map(CompletableFuture::join).distinct()).hasSize(20);
      assertThat(http.get("/subjects/" + subject + "/versions").array().getList())
          .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("tests compatibility against latest or one version, with messages when verbose")
  void compatibilityEndpoint() {
    String subject = subject("compat");
    http.registerOk(subject, V1);
    http.registerOk(subject, V2);

    Reply verbose =
        http.post(
            "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
            new JsonObject().put("schema", V1_PLUS_C));
    Reply terse =
        http.post(
            "/compatibility/subjects/" + subject + "/versions/latest",
            new JsonObject().put("schema", V1_PLUS_C));
    Reply againstOne =
        http.post(
            "/compatibility/subjects/" + subject + "/versions/2",
            new JsonObject().put("schema", ONLY_B));
    Reply againstAll =
        http.post(
            "/compatibility/subjects/" + subject + "/versions?verbose=true",
            new JsonObject().put("schema", ONLY_B));
    Reply nothingYet =
        http.post(
            "/compatibility/subjects/" + subject("empty") + "/versions/latest",
            new JsonObject().put("schema", V1));

    assertThat(verbose.status()).isEqualTo(200);
    assertThat(verbose.json().getBoolean("is_compatible")).isFalse();
    assertThat(verbose.json().getJsonArray("messages").getList())
        .anySatisfy(m -> assertThat(m.toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    assertThat(terse.json()).isEqualTo(new JsonObject().put("is_compatible", false));
    assertThat(againstOne.json()).isEqualTo(new JsonObject().put("is_compatible", true));
    assertThat(againstAll.json().getBoolean("is_compatible")).isTrue();
    assertThat(nothingYet.json()).isEqualTo(new JsonObject().put("is_compatible", true));
  }

  @Test
  @DisplayName("keeps levels per subject, 40408 where a subject has none unless defaultToGlobal")
  void subjectLevels() {
    String subject = subject("level");
    String other = subject("nolevel");

    Reply set =
        http.put("/config/" + subject, new JsonObject().put("compatibility", "full_transitive"));

    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json()).isEqualTo(new JsonObject().put("compatibility", "FULL_TRANSITIVE"));
    assertThat(http.get("/config/" + subject).json())
        .isEqualTo(new JsonObject().put("compatibilityLevel", "FULL_TRANSITIVE"));
    Reply none = http.get("/config/" + other);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.json())
        .isEqualTo(
            new JsonObject()
                .put("error_code", 40408)
                .put(
                    "message",
                    "Subject '"
                        + other
                        + "' does not have subject-level compatibility configured"));
    assertThat(http.get("/config/" + other + "?defaultToGlobal=true").json())
        .isEqualTo(new JsonObject().put("compatibilityLevel", "BACKWARD"));
    Reply deleted = http.delete("/config/" + subject);
    assertThat(deleted.json())
        .isEqualTo(new JsonObject().put("compatibilityLevel", "FULL_TRANSITIVE"));
    assertThat(http.get("/config/" + subject).errorCode()).isEqualTo(40408);
    assertThat(http.delete("/config/" + subject).errorCode()).isEqualTo(40408);
  }

  @Test
  @DisplayName("answers 42203 for an unknown or missing compatibility level")
  void invalidLevel() {
    String subject = subject("badlevel");

    for (Reply reply :
        List.of(
            http.put("/config/" + subject, new JsonObject().put("compatibility", "SIDEWAYS")),
            http.put("/config/" + subject, new JsonObject().put("compatibilityLevel", "FULL")),
            http.put("/config", new JsonObject().put("compatibility", 3)))) {
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json())
          .isEqualTo(
              new JsonObject()
                  .put("error_code", 42203)
                  .put(
                      "message",
                      "Invalid compatibility level. Valid values are none, backward, forward, full,"
                          + " backward_transitive, forward_transitive, and full_transitive"));
    }
  }

  @Test
  @DisplayName("answers unknown paths, methods and malformed bodies with JSON errors")
  void httpErrors() {
    Reply unknownPath = http.get("/nothing/here");
    Reply wrongMethod = http.delete("/subjects");
    Reply badId = http.get("/schemas/ids/abc");
    Reply badJson = http.postRaw("/subjects/" + subject("json") + "/versions", "{\"schema\": ");

    assertThat(unknownPath.status()).isEqualTo(404);
    assertThat(unknownPath.json())
        .isEqualTo(new JsonObject().put("error_code", 404).put("message", "HTTP 404 Not Found"));
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.errorCode()).isEqualTo(405);
    assertThat(badId.status()).isEqualTo(404);
    assertThat(badId.errorCode()).isEqualTo(404);
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.errorCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("decodes percent-encoded subjects")
  void encodedSubjects() {
    String subject = "odd subject/é " + subject("enc");
    String encoded = URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");

    int id = http.registerOk(encoded, V1);

    assertThat(http.get("/subjects").array().getList()).contains(subject);
    assertThat(http.get("/subjects/" + encoded + "/versions/1").json().getString("subject"))
        .isEqualTo(subject);
    assertThat(http.get("/subjects/" + encoded + "/versions/1").json().getInteger("id"))
        .isEqualTo(id);
  }

  @Test
  @DisplayName("answers 50001 when the store refuses a write, and keeps no trace of it")
  void storeError() {
    // The producer refuses records over 1 KiB: the write fails at once, not by timeout.
    try (RunningRegistry small =
        RunningRegistry.start(
            RunningRegistry.isolated().withKafkaSettings(Map.of("max.request.size", 1024)))) {
      RegistryHttp smallHttp = new RegistryHttp(small.url());
      String subject = subject("big");
      String big =
          TestSchemas.record(
              "{\"name\":\"a\",\"type\":\"string\",\"doc\":\"" + "x".repeat(2000) + "\"}");

      Reply reply = smallHttp.register(subject, big);

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.errorCode()).isEqualTo(50001);
      assertThat(reply.message())
          .startsWith("Cannot write to the schema store topic " + small.server().options().topic());
      assertThat(smallHttp.get("/subjects").array()).isEmpty();
      assertThat(smallHttp.registerOk(subject, V1)).isEqualTo(1);
    }
  }
}
