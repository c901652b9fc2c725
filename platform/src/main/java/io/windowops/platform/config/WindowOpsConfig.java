package io.windowops.platform.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Configuration from one place: the defaults file on the class path, then environment variables,
 * then {@code -D} system properties of the same names. Immutable; {@link #with} returns a copy
 * (local mode uses it to give each service its own port).
 */
public final class WindowOpsConfig {

  public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
  public static final String SCHEMA_REGISTRY_URL = "SCHEMA_REGISTRY_URL";
  public static final String HTTP_PORT = "HTTP_PORT";
  public static final String HTTP_HOST = "HTTP_HOST";
  public static final String INSTANCE_ID = "WINDOWOPS_INSTANCE_ID";
  public static final String HANDLER_TIMEOUT = "WINDOWOPS_HANDLER_TIMEOUT";
  public static final String HANDLER_ATTEMPTS = "WINDOWOPS_HANDLER_ATTEMPTS";

  private static final String DEFAULTS = "/windowops-defaults.properties";
  private static final String KAFKA_PREFIX = "KAFKA_";

  private final Map<String, String> values;

  private WindowOpsConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Defaults, then the process environment, then system properties. */
  public static WindowOpsConfig load() {
    Map<String, String> merged = defaults();
    merged.putAll(System.getenv());
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.equals(name.toUpperCase(Locale.ROOT)))
        .forEach(name -> merged.put(name, System.getProperty(name)));
    return new WindowOpsConfig(merged);
  }

  /** Defaults plus the given values only: what tests and local mode use. */
  public static WindowOpsConfig of(Map<String, String> overrides) {
    Map<String, String> merged = defaults();
    merged.putAll(overrides);
    return new WindowOpsConfig(merged);
  }

  public WindowOpsConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    copy.put(key, value);
    return new WindowOpsConfig(copy);
  }

  public String kafkaBootstrapServers() {
    return require(KAFKA_BOOTSTRAP_SERVERS);
  }

  public String schemaRegistryUrl() {
    return require(SCHEMA_REGISTRY_URL);
  }

  public int httpPort() {
    return intValue(HTTP_PORT, 0, 65535);
  }

  public String httpHost() {
    return require(HTTP_HOST);
  }

  /** Names this process in Kafka client ids; the host name unless set. */
  public String instanceId() {
    String id = values.getOrDefault(INSTANCE_ID, "");
    if (!id.isBlank()) {
      return id;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "windowops";
    }
  }

  public Duration handlerTimeout() {
    return duration(HANDLER_TIMEOUT);
  }

  public int handlerAttempts() {
    return intValue(HANDLER_ATTEMPTS, 1, 100);
  }

  public String get(String key, String fallback) {
    String value = values.get(key);
    return value == null || value.isBlank() ? fallback : value;
  }

  public String require(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException(key, "is required but not set");
    }
    return value.trim();
  }

  public int intValue(String key, int min, int max) {
    String raw = require(key);
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + raw);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be an integer, was '" + raw + "'");
    }
  }

  /** An ISO-8601 duration such as {@code PT30S}. */
  public Duration duration(String key) {
    String raw = require(key);
    try {
      return Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, "must be an ISO-8601 duration such as PT30S, was '" + raw + "'");
    }
  }

  /**
   * Kafka client settings passed through from {@code KAFKA_*} variables ({@code KAFKA_LINGER_MS}
   * becomes {@code linger.ms}), keeping only the names the given client type knows, so that
   * unrelated variables such as {@code KAFKA_HOME} never reach a client.
   */
  public Map<String, Object> kafkaClientSettings(Set<String> knownConfigNames) {
    Map<String, Object> settings = new HashMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(KAFKA_PREFIX) && !value.isBlank()) {
            String name = key.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (knownConfigNames.contains(name)) {
              settings.put(name, value);
            }
          }
        });
    return settings;
  }

  private static Map<String, String> defaults() {
    Properties props = new Properties();
    try (InputStream in = WindowOpsConfig.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the class path");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> map = new HashMap<>();
    props.stringPropertyNames().forEach(name -> map.put(name, props.getProperty(name)));
    return map;
  }

  /** A configuration value that is missing or malformed; the message names the key. */
  public static final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
      super("Configuration " + key + " " + problem);
    }
  }
}
