package io.windowops.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The shared test registry")
class SharedRegistryIT {

  @Test
  @DisplayName("starts once per JVM on the shared broker and speaks the Confluent API")
  void sharedAndWorking() {
    String url = SharedRegistry.url();
    SchemaRegistryClient client = SharedRegistry.client();
    String subject = "shared-registry-" + UUID.randomUUID() + "-value";
    Schema schema =
        SchemaBuilder.record("Probe")
            .namespace("io.windowops.test")
            .fields()
            .requiredLong("n")
            .endRecord();

    int id = client.register(subject, schema);

    assertThat(SharedRegistry.url()).isSameAs(url);
    assertThat(url).startsWith("http://127.0.0.1:");
    assertThat(new SchemaRegistryClient(url).schemaById(id)).isEqualTo(schema);
  }
}
