package io.windowops.replay;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.platform.kafka.KafkaClientSettings;
import io.windowops.platform.kafka.TopicBootstrap;
import io.windowops.schemas.Topics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a {@link RecordingFile} into an empty cluster, to replay a recorded run there (a CI
 * fixture, or production topics replayed by a new version in a sandbox). It refuses a cluster
 * whose scheduler topics hold anything: loading recorded commands next to running services
 * would run them again.
 */
public final class RecordingLoader {

  private RecordingLoader() {}

  /** Returns the number of records written. */
  public static int load(RecordingFile recording, WindowOpsConfig config) throws InterruptedException {
    try (Admin admin = Admin.create(KafkaClientSettings.admin(config, "windowops-replay-import"))) {
      TopicBootstrap.ensureTopics(admin, Topics.withDlqs());
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create the WindowOps topics: " + e.getCause(), e);
    }
    if (!SchedulerTopics.readAll(config, SchedulerTopics.all()).isEmpty()) {
      throw new IllegalStateException(
          "the scheduler's topics already hold records: a recording is loaded into an empty cluster only");
    }
    SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
    Map<Integer, Integer> registered = new HashMap<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            KafkaClientSettings.producer(config, "windowops-replay-import"), new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (RecordingFile.Line line : recording.records()) {
        byte[] value = recording.frame(line, registry, registered);
        sent.add(producer.send(new ProducerRecord<>(line.topic(), line.partition(), line.timestamp(), line.key(), value)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
      return sent.size();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot write the recording: " + e.getCause(), e);
    }
  }
}
