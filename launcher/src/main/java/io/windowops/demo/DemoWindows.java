package io.windowops.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The two windows the demo submits, built from the example catalog's runbooks: a cache cleanup
 * whose check passes, and an upgrade to the broken release whose post-upgrade check fails, so
 * the saga rolls its two upgrades back in reverse order. Both are development emergencies (no
 * lead time, two approvals) starting a few seconds after the request.
 */
public final class DemoWindows {

  /** How the success criteria measure: through Prometheus, or the workload's JSON endpoint. */
  public enum CheckSource {
    PROMETHEUS,
    HTTP
  }

  /** Time for the request and its two approvals to be recorded before the start, even on a busy machine. */
  static final Duration START_DELAY = Duration.ofSeconds(8);
  static final Duration LENGTH = Duration.ofMinutes(45);
  /** The cache is clean when less than this is left in it (the fresh files are 16 KiB). */
  static final long CLEAN_CACHE_BYTES = 256 * 1024;
  /** The resolver is healthy when every component answers at least this share of queries. */
  static final double HEALTHY_RATIO = 0.99;

  private final ResolverWorkload workload;
  private final CheckSource source;
  private final String workloadUrl;

  public DemoWindows(ResolverWorkload workload, CheckSource source, String workloadUrl) {
    this.workload = workload;
    this.source = source;
    this.workloadUrl = workloadUrl;
  }

  /** Cleans the stale files out of the cache; the cache's size is checked afterwards. */
  public JsonObject cacheCleanup(String windowId, Instant now) {
    JsonArray steps = new JsonArray()
        .add(step("clean-cache", "cache-cleanup", new JsonObject()
            .put("cacheDir", workload.cacheDir().toString())
            .put("olderThanDays", "7")));
    JsonObject check = criterion("cache-size", ResolverWorkload.CACHE_SERVICE, WorkloadEndpoint.CACHE_METRIC, "cacheBytes", "LESS_THAN", CLEAN_CACHE_BYTES)
        .put("count", 2)
        .put("failureLimit", 1);
    return window(windowId, "Clean the resolver cache", ResolverWorkload.CACHE_SERVICE, now, steps, check);
  }

  /**
   * Backs up the configuration, then upgrades the api and the worker to the broken release; the
   * success ratio check fails, and the upgrades are undone worker first, then api.
   */
  public JsonObject upgrade(String windowId, Instant now) {
    JsonArray steps = new JsonArray()
        .add(step("backup-config", "backup-config", new JsonObject()
            .put("configDir", workload.configDir().toString())
            .put("archive", workload.backupArchive().toString())));
    for (String component : ResolverWorkload.COMPONENTS) {
      String installDir = workload.installDir(component).toString();
      steps.add(step("upgrade-" + component, "upgrade-version", new JsonObject()
              .put("installDir", installDir)
              .put("version", ResolverWorkload.BROKEN_RELEASE))
          .put("compensation", new JsonObject()
              .put("action", "rollback-version")
              .put("params", new JsonObject().put("installDir", installDir))));
    }
    JsonObject check = criterion("success-ratio", ResolverWorkload.SERVICE, WorkloadEndpoint.RATIO_METRIC, "successRatio", "GREATER_OR_EQUAL", HEALTHY_RATIO)
        .put("count", 3); // any failed measurement fails it (failureLimit 0)
    return window(windowId, "Upgrade the resolver to " + ResolverWorkload.BROKEN_RELEASE, ResolverWorkload.SERVICE, now, steps, check);
  }

  private JsonObject criterion(String id, String service, String metric, String jsonField, String comparator, double threshold) {
    JsonObject c = new JsonObject()
        .put("criterionId", id)
        .put("comparator", comparator)
        .put("threshold", threshold)
        .put("intervalSeconds", 2)
        .put("inconclusiveLimit", 1);
    if (source == CheckSource.PROMETHEUS) {
      return c.put("kind", "PROMETHEUS").put("query", metric + "{service=\"" + service + "\"}");
    }
    return c.put("kind", "HTTP")
        .put("url", workloadUrl + "/status.json")
        .put("params", new JsonObject().put("jsonPath", jsonField));
  }

  private static JsonObject step(String id, String action, JsonObject params) {
    return new JsonObject().put("stepId", id).put("action", action).put("timeoutSeconds", 60).put("params", params);
  }

  private static JsonObject window(
      String id, String title, String service, Instant now, JsonArray steps, JsonObject check) {
    Instant start = now.plus(START_DELAY).truncatedTo(ChronoUnit.SECONDS);
    return new JsonObject()
        .put("windowId", id)
        .put("title", title)
        .put("services", new JsonArray().add(service))
        .put("environment", "development")
        .put("maintenanceType", "EMERGENCY")
        .put("requestedStart", start.toString())
        .put("requestedEnd", start.plus(LENGTH).toString())
        .put("steps", steps)
        .put("successCriteria", new JsonArray().add(check));
  }
}
