package io.windowops.platform.registry;

import static io.windowops.platform.registry.TestSchemas.ONLY_B;
import static io.windowops.platform.registry.TestSchemas.V1;
import static io.windowops.platform.registry.TestSchemas.V1_PLUS_C;
import static io.windowops.platform.registry.TestSchemas.V2;
import static io.windowops.platform.registry.TestSchemas.subject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.schemas.registry.CompatibilityLevel;
import io.windowops.schemas.registry.CompatibilityResult;
import io.windowops.schemas.registry.ErrorCodes;
import io.windowops.schemas.registry.RegisteredSchema;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The registry client against the embedded registry")
class SchemaRegistryClientIT {

  private static RunningRegistry registry;
  private static SchemaRegistryClient client;

  @BeforeAll
  static void start() {
    registry = RunningRegistry.start(RunningRegistry.isolated());
    client = new SchemaRegistryClient(registry.url());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  private static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }

  @Test
  @DisplayName("registers, looks up and fetches schemas by id, version and latest")
  void roundTrip() {
    String subject = subject("client");

    int v1 = client.register(subject, parse(V1));
    int v2 = client.register(subject, parse(V2));

    assertThat(v2).isNotEqualTo(v1);
    assertThat(client.register(subject, parse(V2))).isEqualTo(v2);
    assertThat(client.lookup(subject, parse(V1)))
        .isEqualTo(new RegisteredSchema(subject, 1, v1, parse(V1)));
    assertThat(client.latest(subject)).isEqualTo(new RegisteredSchema(subject, 2, v2, parse(V2)));
    assertThat(client.version(subject, 1).id()).isEqualTo(v1);
    assertThat(client.versions(subject)).containsExactly(1, 2);
    assertThat(client.subjects()).contains(subject);
    // A fresh client has no cache: this goes over HTTP.
    assertThat(new SchemaRegistryClient(registry.url()).schemaById(v2)).isEqualTo(parse(V2));
  }

  @Test
  @DisplayName("reports Confluent's error codes with status, code and the subject")
  void errors() {
    String subject = subject("errors");
    client.register(subject, parse(V1));

    assertThatThrownBy(() -> client.latest(subject("missing")))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.SUBJECT_NOT_FOUND);
              assertThat(e.isNotFound()).isTrue();
            });
    assertThatThrownBy(() -> client.version(subject, 9))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.VERSION_NOT_FOUND));
    assertThatThrownBy(() -> client.schemaById(424242))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> client.lookup(subject, parse(V2)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCodes.SCHEMA_NOT_FOUND));
    assertThatThrownBy(() -> client.register(subject, parse(V1_PLUS_C)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.INCOMPATIBLE_SCHEMA);
              assertThat(e.isRetriable()).isFalse();
              assertThat(e.getMessage())
                  .contains("POST " + registry.url() + "/subjects/" + subject + "/versions")
                  .contains("for subject '" + subject + "'")
                  .contains("incompatible with an earlier schema");
            });
  }

  @Test
  @DisplayName("tests compatibility with reasons and manages compatibility levels")
  void compatibility() {
    String subject = subject("levels");
    client.register(subject, parse(V1));
    client.register(subject, parse(V2));

    CompatibilityResult incompatible = client.testCompatibility(subject, parse(V1_PLUS_C));
    assertThat(incompatible.compatible()).isFalse();
    assertThat(incompatible.messages())
        .anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    assertThat(client.testCompatibility(subject, parse(ONLY_B)).compatible()).isTrue();

    assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(client.setCompatibility(subject, CompatibilityLevel.BACKWARD_TRANSITIVE))
        .isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    assertThat(client.testCompatibility(subject, parse(ONLY_B)).compatible())
        .as("latest only, even when transitive, as Confluent's /versions/latest endpoint")
        .isTrue();
    assertThatThrownBy(() -> client.register(subject, parse(ONLY_B)))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());
    assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  @DisplayName("handles subjects with spaces, slashes, plus signs and non-ASCII letters")
  void oddSubjects() {
    String subject = "ops team/ü+" + subject("odd");

    int id = client.register(subject, parse(V1));

    assertThat(client.subjects()).contains(subject);
    assertThat(client.latest(subject).id()).isEqualTo(id);
    assertThat(client.setCompatibility(subject, CompatibilityLevel.FULL))
        .isEqualTo(CompatibilityLevel.FULL);
    assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
  }

  @Test
  @DisplayName(
      "keeps serving cached ids and schemas when the registry is gone, and says it is unreachable")
  void registryGone() {
    RunningRegistry own = RunningRegistry.start(RunningRegistry.isolated());
    SchemaRegistryClient ownClient =
        SchemaRegistryClient.builder(own.url()).requestTimeout(Duration.ofSeconds(5)).build();
    String subject = subject("gone");
    int id = ownClient.register(subject, parse(V1));
    own.close();

    assertThat(ownClient.register(subject, parse(V1))).isEqualTo(id);
    assertThat(ownClient.schemaById(id)).isEqualTo(parse(V1));
    assertThatThrownBy(ownClient::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isConnectionFailure()).isTrue();
              assertThat(e.isRetriable()).isTrue();
              assertThat(e.getMessage())
                  .startsWith("Schema registry unreachable: GET " + own.url() + "/subjects");
            });
  }
}
