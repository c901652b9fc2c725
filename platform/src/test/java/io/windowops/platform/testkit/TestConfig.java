package io.windowops.platform.testkit;

import java.util.HashMap;
import java.util.Map;

/** The settings every service under test starts from: the shared broker and registry, loopback, a free port. */
public final class TestConfig {

  private TestConfig() {}

  /** A mutable map: add the service's own settings, then {@code WindowOpsConfig.of(map)}. */
  public static Map<String, String> service(String instanceId) {
    Map<String, String> settings = new HashMap<>();
    settings.put("KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers());
    settings.put("SCHEMA_REGISTRY_URL", SharedRegistry.url());
    settings.put("HTTP_HOST", "127.0.0.1");
    settings.put("HTTP_PORT", "0");
    // Instance ids name transactional ids: each instance under test needs its own.
    settings.put("WINDOWOPS_INSTANCE_ID", instanceId);
    return settings;
  }
}
