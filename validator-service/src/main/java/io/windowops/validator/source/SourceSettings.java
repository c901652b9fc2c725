package io.windowops.validator.source;

import io.windowops.platform.config.WindowOpsConfig;
import java.net.URI;
import java.time.Duration;

/**
 * Where criteria measure when they name no {@code params.source}: {@code PROMETHEUS_URL} and
 * {@code LOKI_URL}; and how long one request may take ({@code VALIDATOR_REQUEST_TIMEOUT}).
 */
public record SourceSettings(String prometheusUrl, String lokiUrl, Duration requestTimeout) {

  public static final String PROMETHEUS_URL = "PROMETHEUS_URL";
  public static final String LOKI_URL = "LOKI_URL";
  public static final String REQUEST_TIMEOUT = "VALIDATOR_REQUEST_TIMEOUT";

  public SourceSettings {
    checkUrl(PROMETHEUS_URL, prometheusUrl);
    checkUrl(LOKI_URL, lokiUrl);
  }

  public static SourceSettings from(WindowOpsConfig config) {
    return new SourceSettings(
        config.get(PROMETHEUS_URL, "http://127.0.0.1:9090"),
        config.get(LOKI_URL, "http://127.0.0.1:3100"),
        config.get(REQUEST_TIMEOUT, null) == null ? Duration.ofSeconds(10) : config.duration(REQUEST_TIMEOUT));
  }

  private static void checkUrl(String key, String value) {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new WindowOpsConfig.ConfigException(key, "must be an http(s) URL, was '" + value + "'");
      }
    } catch (java.net.URISyntaxException e) {
      throw new WindowOpsConfig.ConfigException(key, "must be an http(s) URL, was '" + value + "'");
    }
  }
}
