package io.windowops.platform.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.platform.testkit.SharedKafka;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An embedded registry of a test's own, on the shared broker, with its own Vert.x. */
final class RunningRegistry implements AutoCloseable {

  private final Vertx vertx;
  private final SchemaRegistryServer server;

  private RunningRegistry(Vertx vertx, SchemaRegistryServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  /** A store topic no other test uses. */
  static String uniqueTopic() {
    return "_test_schemas_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Options on the shared broker with a store topic of its own. */
  static SchemaRegistryOptions isolated() {
    return SchemaRegistryOptions.forBroker(SharedKafka.bootstrapServers()).withTopic(uniqueTopic());
  }

  static RunningRegistry start(SchemaRegistryOptions options) {
    Vertx vertx = Vertx.vertx();
    SchemaRegistryServer server = new SchemaRegistryServer(options);
    try {
      await(vertx.deployVerticle(server));
    } catch (RuntimeException e) {
      await(vertx.close());
      throw e;
    }
    return new RunningRegistry(vertx, server);
  }

  String url() {
    return server.url();
  }

  int port() {
    return server.port();
  }

  SchemaRegistryServer server() {
    return server;
  }

  @Override
  public void close() {
    await(vertx.close());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
