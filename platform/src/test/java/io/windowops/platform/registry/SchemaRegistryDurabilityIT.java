package io.windowops.platform.registry;

import static io.windowops.platform.registry.TestSchemas.ONLY_B;
import static io.windowops.platform.registry.TestSchemas.V1;
import static io.windowops.platform.registry.TestSchemas.V1_PLUS_C;
import static io.windowops.platform.registry.TestSchemas.V2;
import static io.windowops.platform.registry.TestSchemas.canonical;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.windowops.platform.testkit.SharedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedded registry's Kafka store")
class SchemaRegistryDurabilityIT {

  @Test
  @DisplayName("keeps schemas, ids, versions and levels across a restart on the same topic")
  void survivesRestart() {
    SchemaRegistryOptions options = RunningRegistry.isolated();
    int v1;
    int v2;
    int shared;
    try (RunningRegistry first = RunningRegistry.start(options)) {
      RegistryHttp http = new RegistryHttp(first.url());
      assertThat(http.get("/config").json())
          .isEqualTo(new JsonObject().put("compatibilityLevel", "BACKWARD"));
      v1 = http.registerOk("orders-value", V1);
      v2 = http.registerOk("orders-value", V2);
      shared = http.registerOk("audit-value", V2);
      assertThat(
              http.put(
                      "/config/orders-value",
                      new JsonObject().put("compatibility", "BACKWARD_TRANSITIVE"))
                  .json())
          .isEqualTo(new JsonObject().put("compatibility", "BACKWARD_TRANSITIVE"));
      assertThat(http.put("/config", new JsonObject().put("compatibility", "FORWARD")).json())
          .isEqualTo(new JsonObject().put("compatibility", "FORWARD"));
      assertThat(http.get("/config").json())
          .isEqualTo(new JsonObject().put("compatibilityLevel", "FORWARD"));
    }

    try (RunningRegistry second = RunningRegistry.start(options)) {
      RegistryHttp http = new RegistryHttp(second.url());
      assertThat(shared).isEqualTo(v2);
      assertThat(http.get("/subjects").array().getList())
          .containsExactly("audit-value", "orders-value");
      assertThat(http.get("/subjects/orders-value/versions").array()).containsExactly(1, 2);
      assertThat(http.get("/schemas/ids/" + v1).json().getString("schema"))
          .isEqualTo(canonical(V1));
      assertThat(http.get("/subjects/audit-value/versions/1").json().getInteger("id"))
          .isEqualTo(v2);
      assertThat(http.get("/config/orders-value").json())
          .isEqualTo(new JsonObject().put("compatibilityLevel", "BACKWARD_TRANSITIVE"));
      assertThat(http.get("/config").json())
          .isEqualTo(new JsonObject().put("compatibilityLevel", "FORWARD"));
      // The restored transitive level still guards the subject.
      assertThat(http.register("orders-value", ONLY_B).status()).isEqualTo(409);
      // Registering the same schema again is recognised, and new ids continue after the old ones.
      assertThat(http.registerOk("orders-value", V2)).isEqualTo(v2);
      int next = http.registerOk("fresh-value", V1_PLUS_C);
      assertThat(next).isGreaterThan(Math.max(v1, v2));
    }
  }

  @Test
  @DisplayName(
      "creates its store topic with one partition, compacted, holding Confluent-style JSON records")
  void storeTopic() throws Exception {
    SchemaRegistryOptions options = RunningRegistry.isolated();
    try (RunningRegistry registry = RunningRegistry.start(options)) {
      RegistryHttp http = new RegistryHttp(registry.url());
      int id = http.registerOk("layout-value", V1);
      http.put("/config/layout-value", new JsonObject().put("compatibility", "FULL"));

      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
        TopicDescription description =
            admin
                .describeTopics(List.of(options.topic()))
                .allTopicNames()
                .get()
                .get(options.topic());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, options.topic());
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(description.partitions()).hasSize(1);
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
      }

      List<ConsumerRecord<String, String>> records = readAll(options.topic());
      assertThat(records).hasSize(2);
      assertThat(new JsonObject(records.get(0).key()))
          .isEqualTo(
              new JsonObject()
                  .put("keytype", "SCHEMA")
                  .put("subject", "layout-value")
                  .put("version", 1)
                  .put("magic", 1));
      assertThat(new JsonObject(records.get(0).value()))
          .isEqualTo(
              new JsonObject()
                  .put("subject", "layout-value")
                  .put("version", 1)
                  .put("id", id)
                  .put("schema", canonical(V1))
                  .put("deleted", false));
      assertThat(new JsonObject(records.get(1).key()))
          .isEqualTo(
              new JsonObject()
                  .put("keytype", "CONFIG")
                  .put("subject", "layout-value")
                  .put("magic", 0));
      assertThat(new JsonObject(records.get(1).value()))
          .isEqualTo(new JsonObject().put("compatibilityLevel", "FULL"));
    }
  }

  @Test
  @DisplayName("reads what another instance wrote to its topic before handing out ids and versions")
  void secondInstance() {
    SchemaRegistryOptions options = RunningRegistry.isolated();
    try (RunningRegistry a = RunningRegistry.start(options);
        RunningRegistry b = RunningRegistry.start(options)) {
      RegistryHttp httpA = new RegistryHttp(a.url());
      RegistryHttp httpB = new RegistryHttp(b.url());

      int first = httpA.registerOk("shared-value", V1);
      int second = httpB.registerOk("shared-value", V2);

      assertThat(second).isNotEqualTo(first);
      assertThat(httpB.get("/subjects/shared-value/versions").array()).containsExactly(1, 2);
      assertThat(httpB.register("shared-value", V1_PLUS_C).status())
          .as("B knows A's version 1 and checks against the latest")
          .isEqualTo(409);
    }
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(Set.of(partition)).get(partition);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }
}
