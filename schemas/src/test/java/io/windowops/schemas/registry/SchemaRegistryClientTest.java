package io.windowops.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The schema registry client")
class SchemaRegistryClientTest {

  private static final Schema NOTE =
      SchemaBuilder.record("Note")
          .namespace("io.windowops.test")
          .fields()
          .requiredString("text")
          .endRecord();

  private StubRegistry stub;
  private SchemaRegistryClient client;

  @BeforeEach
  void start() throws IOException {
    stub = new StubRegistry();
    client = new SchemaRegistryClient(stub.url());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  @DisplayName("registers with Confluent's media type and body, leaving schemaType out for Avro")
  void registerRequest() throws IOException {
    int id = client.register("windowops.requests.v1-value", NOTE);

    assertThat(id).isEqualTo(1);
    StubRegistry.Request request = stub.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.rawPath()).isEqualTo("/subjects/windowops.requests.v1-value/versions");
    assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
    assertThat(new ObjectMapper().readTree(request.body()))
        .isEqualTo(new ObjectMapper().createObjectNode().put("schema", NOTE.toString()));
  }

  @Test
  @DisplayName("asks the registry once per schema and subject, and once per id")
  void caches() {
    int id = client.register("a-value", NOTE);
    client.register("a-value", NOTE);
    client.register("a-value", new Schema.Parser().parse(NOTE.toString()));
    Schema byId = client.schemaById(id);
    client.schemaById(id);

    assertThat(stub.count("POST", "/subjects/a-value/versions")).isEqualTo(1);
    // The id was learnt from the registration: no GET needed at all.
    assertThat(stub.count("GET", "/schemas/ids/")).isZero();
    assertThat(byId).isEqualTo(NOTE);

    int other = stub.preload(SchemaBuilder.builder().stringType());
    client.schemaById(other);
    client.schemaById(other);
    assertThat(stub.count("GET", "/schemas/ids/" + other)).isEqualTo(1);
  }

  @Test
  @DisplayName("percent-encodes subjects as path segments (a space is %20, not +)")
  void encodesSubjects() {
    stub.answer("GET", "/subjects/odd%20subject%2Fwith%2Bplus/versions", 200, "[1,2]");

    assertThat(client.versions("odd subject/with+plus")).containsExactly(1, 2);
  }

  @Test
  @DisplayName(
      "turns Confluent's error body into status, error_code and message, naming URL and subject")
  void apiErrors() {
    stub.answer(
        "POST",
        "/subjects/s-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier"
            + " schema for subject \\\"s-value\\\"\"}");

    assertThatThrownBy(() -> client.register("s-value", NOTE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.API_ERROR);
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.isRetriable()).isFalse();
              assertThat(e.isConnectionFailure()).isFalse();
              assertThat(e.subject()).isEqualTo("s-value");
              assertThat(e.registryMessage()).startsWith("Schema being registered is incompatible");
              assertThat(e.getMessage())
                  .contains("POST " + stub.url() + "/subjects/s-value/versions")
                  .contains("subject 's-value'")
                  .contains("HTTP 409, error_code 409");
            });
  }

  @Test
  @DisplayName("keeps the body of an error answer that is not Confluent's JSON")
  void nonJsonErrors() {
    stub.answer("GET", "/subjects", 502, "<html>Bad Gateway</html>");

    assertThatThrownBy(() -> client.subjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(502);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
              assertThat(e.registryMessage()).isEqualTo("<html>Bad Gateway</html>");
              assertThat(e.isRetriable()).isTrue();
            });
  }

  @Test
  @DisplayName("tells an unreachable registry apart from an API error")
  void unreachable() throws IOException {
    String url = "http://127.0.0.1:" + freePort();
    SchemaRegistryClient offline =
        SchemaRegistryClient.builder(url).connectTimeout(Duration.ofSeconds(2)).build();

    assertThatThrownBy(offline::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isConnectionFailure()).isTrue();
              assertThat(e.isRetriable()).isTrue();
              assertThat(e.httpStatus()).isZero();
              assertThat(e.getMessage())
                  .startsWith("Schema registry unreachable: GET " + url + "/subjects");
            });
  }

  @Test
  @DisplayName("gives up on a registry that does not answer within the request timeout")
  void requestTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SchemaRegistryClient slow =
          SchemaRegistryClient.builder("http://127.0.0.1:" + silent.getLocalPort())
              .requestTimeout(Duration.ofMillis(300))
              .build();

      assertThatThrownBy(slow::subjects)
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.isConnectionFailure()).isTrue())
          .hasMessageContaining("timed out");
    }
  }

  @Test
  @DisplayName("moves on to the next URL when one cannot be reached")
  void failover() throws IOException {
    stub.answer("GET", "/subjects", 200, "[\"a-value\"]");
    SchemaRegistryClient twoUrls =
        new SchemaRegistryClient("http://127.0.0.1:" + freePort() + ", " + stub.url());

    assertThat(twoUrls.subjects()).containsExactly("a-value");
    assertThat(twoUrls.subjects()).containsExactly("a-value");
  }

  @Test
  @DisplayName("sends credentials from the URL as basic auth and shows them nowhere")
  void credentials() {
    stub.answer("GET", "/subjects", 500, "{\"error_code\":50001,\"message\":\"store\"}");
    SchemaRegistryClient withAuth =
        new SchemaRegistryClient("http://ops:s3cr%40t@127.0.0.1:" + stub.port() + "/");

    assertThat(withAuth.url()).isEqualTo(stub.url());
    assertThatThrownBy(withAuth::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.getMessage()).doesNotContain("s3cr").doesNotContain("ops:");
              assertThat(e.url()).isEqualTo(stub.url() + "/subjects");
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.STORE_ERROR);
            });
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("ops:s3cr@t".getBytes(StandardCharsets.UTF_8));
    assertThat(stub.requests().get(0).header("Authorization")).isEqualTo(expected);
  }

  @Test
  @DisplayName("rejects a URL that is not http(s) without echoing credentials")
  void badUrl() {
    assertThatThrownBy(() -> new SchemaRegistryClient("ftp://user:pw@host:21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)://host:port")
        .hasMessageNotContaining("pw");
  }

  @Test
  @DisplayName("reads versions, lookups and verbose compatibility answers")
  void reads() {
    String schema = NOTE.toString().replace("\"", "\\\"");
    stub.answer(
        "GET",
        "/subjects/n-value/versions/latest",
        200,
        "{\"subject\":\"n-value\",\"version\":3,\"id\":7,\"schema\":\"" + schema + "\"}");
    stub.answer(
        "POST",
        "/subjects/n-value",
        200,
        "{\"subject\":\"n-value\",\"version\":2,\"id\":5,\"schema\":\"" + schema + "\"}");
    stub.answer(
        "POST",
        "/compatibility/subjects/n-value/versions/latest",
        200,
        "{\"is_compatible\":false,\"messages\":[\"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE'}\"]}");

    assertThat(client.latest("n-value")).isEqualTo(new RegisteredSchema("n-value", 3, 7, NOTE));
    assertThat(client.lookup("n-value", NOTE).id()).isEqualTo(5);
    assertThat(client.lookupId("n-value", NOTE)).isEqualTo(5);
    assertThat(stub.count("POST", "/subjects/n-value")).isEqualTo(1);
    CompatibilityResult result = client.testCompatibility("n-value", NOTE);
    assertThat(result.compatible()).isFalse();
    assertThat(result.messages())
        .singleElement()
        .asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    assertThat(stub.requests().get(stub.requests().size() - 1).rawQuery())
        .isEqualTo("verbose=true");
  }

  @Test
  @DisplayName("falls back to the global level for a subject without its own (40408)")
  void compatibilityFallsBackToGlobal() {
    stub.answer(
        "GET",
        "/config/n-value",
        404,
        "{\"error_code\":40408,\"message\":\"Subject 'n-value' does not have subject-level"
            + " compatibility configured\"}");
    stub.answer("GET", "/config", 200, "{\"compatibilityLevel\":\"FULL\"}");
    stub.answer("PUT", "/config/m-value", 200, "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

    assertThat(client.compatibility("n-value")).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.setCompatibility("m-value", "backward_transitive"))
        .isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(stub.requests().get(stub.requests().size() - 1).body())
        .isEqualTo("{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");
  }

  @Test
  @DisplayName("reports an answer that breaks the API as an invalid response")
  void invalidResponse() {
    stub.answer("POST", "/subjects/x-value/versions", 200, "{\"identifier\":1}");
    stub.answer(
        "GET",
        "/schemas/ids/9",
        200,
        "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

    assertThatThrownBy(() -> client.register("x-value", NOTE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.INVALID_RESPONSE))
        .hasMessageContaining("no integer 'id'");
    assertThatThrownBy(() -> client.schemaById(9))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("of type PROTOBUF, not AVRO");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
