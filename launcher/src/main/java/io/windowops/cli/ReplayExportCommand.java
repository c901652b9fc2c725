package io.windowops.cli;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.replay.RecordingFile;
import io.windowops.replay.SchedulerTopics;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "export",
    description = {
      "Records the scheduler's input and output topics into a JSON-lines file (each record with"
          + " its topic, partition, offset, timestamp, key and Avro JSON value, plus the writer"
          + " schemas), for `windowops replay import` on another cluster. Read-only, no consumer"
          + " group. Uses KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL.",
      "Exit codes: 0 written, 2 the file cannot be written or the topics read, 3 the topics are empty."
    },
    mixinStandardHelpOptions = true)
final class ReplayExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "Where to write the recording.")
  Path file;

  @Override
  public Integer call() {
    WindowOpsConfig config = WindowOpsConfig.load();
    List<ConsumerRecord<String, byte[]>> records;
    try {
      records = SchedulerTopics.readAll(config, SchedulerTopics.all());
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Cannot read the scheduler's topics from " + config.kafkaBootstrapServers() + ": " + e.getMessage());
      return ReplayCommand.USAGE;
    }
    if (records.isEmpty()) {
      spec.commandLine().getErr().println("Nothing to export: the scheduler's topics are empty");
      return ReplayCommand.NOTHING;
    }
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      RecordingFile.write(records, new SchemaRegistryClient(config.schemaRegistryUrl()), out);
    } catch (IOException e) {
      spec.commandLine().getErr().println("FILE: cannot write " + file + ": " + e.getMessage());
      return ReplayCommand.USAGE;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Cannot export (schema registry " + config.schemaRegistryUrl() + "): " + e.getMessage());
      return ReplayCommand.USAGE;
    }
    spec.commandLine().getOut().printf("Recorded %d records into %s%n", records.size(), file);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
