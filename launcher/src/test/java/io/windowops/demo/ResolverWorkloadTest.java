package io.windowops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The demo's resolver workload and its endpoints")
class ResolverWorkloadTest {

  @TempDir Path root;

  @Test
  @DisplayName("starts healthy on 1.4.2 with 1.5 MiB of stale cache and 16 KiB of fresh cache")
  void initialState() throws Exception {
    ResolverWorkload w = ResolverWorkload.create(root);

    assertThat(w.versions()).containsEntry("api", "1.4.2").containsEntry("worker", "1.4.2");
    assertThat(w.cacheBytes()).isEqualTo(24 * 64 * 1024 + 4 * 4 * 1024);
    assertThat(WorkloadEndpoint.metrics(w))
        .contains("demo_cache_bytes{service=\"resolver-cache\"} 1589248\n")
        .contains("demo_resolver_success_ratio{service=\"resolver\",component=\"api\"} 0.999\n")
        .contains("demo_resolver_success_ratio{service=\"resolver\",component=\"worker\"} 0.999\n");
  }

  @Test
  @DisplayName("reads its health from disk: a component switched to 2.0.0 degrades, deleted cache files no longer count")
  void healthFollowsTheFiles() throws Exception {
    ResolverWorkload w = ResolverWorkload.create(root);
    Files.writeString(w.installDir("worker").resolve("VERSION"), "2.0.0\n");
    try (var stale = Files.list(w.cacheDir())) {
      stale.filter(p -> p.getFileName().toString().startsWith("stale-")).forEach(p -> p.toFile().delete());
    }

    assertThat(WorkloadEndpoint.metrics(w))
        .contains("demo_cache_bytes{service=\"resolver-cache\"} 16384\n")
        .contains("component=\"api\"} 0.999\n")
        .contains("component=\"worker\"} 0.874\n");
    JsonObject status = new JsonObject(WorkloadEndpoint.status(w));
    assertThat(status.getLong("cacheBytes")).isEqualTo(16384);
    assertThat(status.getDouble("successRatio")).as("the worst component").isEqualTo(0.874);
    assertThat(status.getJsonObject("versions").getString("worker")).isEqualTo("2.0.0");
  }
}
