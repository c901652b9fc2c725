package io.windowops.executor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.windowops.platform.config.WindowOpsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The executor verticle")
class ExecutorVerticleTest {

  @TempDir Path dir;

  @Test
  @DisplayName("refuses to start with an invalid catalog, naming file, line and field")
  void invalidCatalog() throws Exception {
    Path catalog = Files.writeString(dir.resolve("bad.yaml"), "actions:\n  a:\n    type: command\n    command: {argv: []}\n");
    Vertx vertx = Vertx.vertx();
    try {
      ExecutorVerticle executor =
          new ExecutorVerticle(WindowOpsConfig.of(Map.of(ExecutorVerticle.CATALOG, catalog.toString(), "HTTP_PORT", "0")));
      assertThatThrownBy(() -> vertx.deployVerticle(executor).await(10, TimeUnit.SECONDS))
          .hasMessageContaining(catalog + ":4: actions.a.command.argv: must name at least the program");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
