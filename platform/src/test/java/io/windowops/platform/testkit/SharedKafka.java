package io.windowops.platform.testkit;

import io.windowops.platform.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker per test JVM, shared by every integration test of a module (tests keep
 * apart by using unique topics and groups). Where a Docker engine runs, Testcontainers' Kafka is
 * used; everywhere else (our machines, CI) the embedded KRaft broker. {@code
 * WINDOWOPS_TEST_BROKER=embedded|testcontainers} forces one.
 */
public final class SharedKafka {

  private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
  private static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
  private static String bootstrapServers;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = useTestcontainers() ? startContainer() : startEmbedded();
    }
    return bootstrapServers;
  }

  private static boolean useTestcontainers() {
    String forced = System.getenv().getOrDefault("WINDOWOPS_TEST_BROKER", "auto");
    if (forced.equals("embedded")) {
      return false;
    }
    if (forced.equals("testcontainers")) {
      return true;
    }
    // Ask Testcontainers only when a Docker endpoint is plausible: the probe logs an error
    // block on machines without Docker, and we know the answer for those already.
    boolean endpoint =
        System.getenv("DOCKER_HOST") != null || Files.exists(Paths.get("/var/run/docker.sock"));
    return endpoint && DockerClientFactory.instance().isDockerAvailable();
  }

  private static String startContainer() {
    KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
    LOG.info("Test broker: Testcontainers {} at {}", KAFKA_IMAGE, kafka.getBootstrapServers());
    return kafka.getBootstrapServers();
  }

  private static String startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("windowops-test-kafka");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    broker.close();
                    deleteRecursively(dir);
                  },
                  "test-kafka-stop"));
      LOG.info("Test broker: embedded KRaft broker at {}", broker.bootstrapServers());
      return broker.bootstrapServers();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create a directory for the test broker", e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }
}
