package io.windowops.platform.testkit;

import io.vertx.core.Vertx;
import io.windowops.platform.registry.SchemaRegistryOptions;
import io.windowops.platform.registry.SchemaRegistryServer;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded schema registry per test JVM, on the {@link SharedKafka} broker and its standard
 * store topic, shared by every integration test of a module (tests keep apart by using their own
 * topics, hence subjects). It runs on a Vert.x instance of its own, closed at JVM exit.
 */
public final class SharedRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SharedRegistry.class);
  private static final long START_TIMEOUT_SECONDS = 60;
  private static String url;

  private SharedRegistry() {}

  /** The registry's base URL, starting it (and the broker) on first use. */
  public static synchronized String url() {
    if (url == null) {
      url = start(SharedKafka.bootstrapServers());
    }
    return url;
  }

  /** A new client of the shared registry (clients cache; a fresh one sees no earlier answers). */
  public static SchemaRegistryClient client() {
    return new SchemaRegistryClient(url());
  }

  private static String start(String bootstrapServers) {
    Vertx vertx = Vertx.vertx();
    SchemaRegistryServer server =
        new SchemaRegistryServer(SchemaRegistryOptions.forBroker(bootstrapServers));
    try {
      vertx
          .deployVerticle(server)
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      vertx.close();
      throw new IllegalStateException(
          "The test schema registry did not start: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      vertx.close();
      throw new IllegalStateException(
          "The test schema registry did not start within " + START_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException("Interrupted while starting the test schema registry", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "test-registry-stop"));
    LOG.info("Test schema registry at {} on broker {}", server.url(), bootstrapServers);
    return server.url();
  }
}
