package io.windowops.cli;

import io.windowops.platform.config.WindowOpsConfig;
import io.windowops.replay.RecordingFile;
import io.windowops.replay.RecordingLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    description = {
      "Loads a recording made by `windowops replay export` into an EMPTY cluster (it refuses"
          + " one whose scheduler topics hold records), registering its schemas, so that"
          + " `windowops replay` can replay it there. Start no WindowOps service on that cluster:"
          + " the recorded commands would run again. Uses KAFKA_BOOTSTRAP_SERVERS and"
          + " SCHEMA_REGISTRY_URL.",
      "Exit codes: 0 loaded, 2 unreadable file or a cluster that is not empty."
    },
    mixinStandardHelpOptions = true)
final class ReplayImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The recording to load.")
  Path file;

  @Override
  public Integer call() throws InterruptedException {
    RecordingFile recording;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      recording = RecordingFile.read(in);
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("FILE " + file + ": " + e.getMessage());
      return ReplayCommand.USAGE;
    }
    try {
      int written = RecordingLoader.load(recording, WindowOpsConfig.load());
      spec.commandLine().getOut().printf("Loaded %d records from %s%n", written, file);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("Cannot load " + file + ": " + e.getMessage());
      return ReplayCommand.USAGE;
    }
  }
}
