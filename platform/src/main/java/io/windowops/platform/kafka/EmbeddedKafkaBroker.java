package io.windowops.platform.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft mode, running in this JVM. Used by local mode
 * ({@code windowops up}) and by every integration test; its data directory survives restarts, so
 * a broker started again on the same directory keeps its topics.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
  }

  /**
   * Formats {@code dataDir} if it is new and starts the broker; returns once the broker answers
   * a metadata request.
   *
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /** As {@link #start(Path, int)}, with extra broker settings (they win over the defaults). */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
    long began = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(dataDir, clientPort, controllerPort);
      overrides.forEach(props::setProperty);
      Path configFile = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        props.store(out, "written by WindowOps at every start");
      }
      format(configFile, clusterId(dataDir));

      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + clientPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, dataDir);
      try {
        awaitReady(bootstrap);
      } catch (RuntimeException e) {
        broker.close();
        throw e;
      }
      LOG.info(
          "Kafka broker (KRaft) started at {} with data in {} in {} ms",
          bootstrap,
          dataDir,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
      return broker;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot prepare the Kafka data directory " + dataDir, e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    LOG.info("Stopping Kafka broker at {}", bootstrapServers);
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties brokerProperties(Path dataDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dataDir.resolve("logs").toString());
    // A single node: every internal topic has one replica.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "10");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "10");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    // WindowOps creates its topics explicitly; an unknown topic is a bug, not a new topic.
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "1");
    return p;
  }

  /** The cluster id is kept beside the data so that a restart formats nothing. */
  private static String clusterId(Path dataDir) throws IOException {
    Path file = dataDir.resolve("cluster-id");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(file, id, StandardCharsets.UTF_8);
    return id;
  }

  private static void format(Path configFile, String clusterId) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int rc;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {
                "format", "-t", clusterId, "-c", configFile.toString(), "--ignore-formatted"
              },
              out);
    }
    String output = captured.toString(StandardCharsets.UTF_8).trim();
    if (rc != 0) {
      throw new IllegalStateException("Formatting Kafka storage failed (" + rc + "): " + output);
    }
    LOG.debug("kafka-storage format: {}", output);
  }

  private static void awaitReady(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(props)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka broker at " + bootstrap + " did not answer within " + READY_TIMEOUT, e);
          }
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
          }
        }
      }
    }
  }

  /** A free loopback port; the tiny race until the broker binds it is acceptable here. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
