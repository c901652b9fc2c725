package io.windowops.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's maintained system, on disk: a "resolver" with two components ({@code api} and
 * {@code worker}, each an installation whose {@code VERSION} file the catalog's upgrade and
 * rollback actions switch), its configuration, and a cache directory holding stale files for the
 * catalog's cache cleanup. Its health is read from that state, so a step's real effect on disk is
 * what the checks measure. Release {@value #BROKEN_RELEASE} carries a regression: a component
 * running it answers only {@value #DEGRADED_RATIO} of queries.
 */
public final class ResolverWorkload {

  /** The service the upgrade window changes. */
  public static final String SERVICE = "resolver";
  /** The resolver's cache, a service of its own so both windows may run at once. */
  public static final String CACHE_SERVICE = "resolver-cache";
  public static final String INITIAL_RELEASE = "1.4.2";
  public static final String BROKEN_RELEASE = "2.0.0";
  public static final List<String> COMPONENTS = List.of("api", "worker");
  static final double HEALTHY_RATIO = 0.999;
  static final double DEGRADED_RATIO = 0.874;

  private static final int STALE_FILES = 24;
  private static final int STALE_BYTES = 64 * 1024;
  private static final int FRESH_FILES = 4;
  private static final int FRESH_BYTES = 4 * 1024;

  private final Path root;

  private ResolverWorkload(Path root) {
    this.root = root;
  }

  /**
   * Lays the workload out under {@code root}: both components at {@value #INITIAL_RELEASE}, a
   * config file, and a cache of 24 files of 64 KiB last modified 30 days ago plus 4 fresh ones.
   */
  public static ResolverWorkload create(Path root) throws IOException {
    ResolverWorkload w = new ResolverWorkload(root.toAbsolutePath());
    for (String component : COMPONENTS) {
      Files.createDirectories(w.installDir(component).resolve("releases").resolve(INITIAL_RELEASE));
      Files.writeString(w.installDir(component).resolve("VERSION"), INITIAL_RELEASE + "\n", StandardCharsets.UTF_8);
    }
    Files.createDirectories(w.configDir());
    Files.writeString(w.configDir().resolve("resolver.conf"), "upstream = 127.0.0.1:53\ncache = on\n", StandardCharsets.UTF_8);
    Files.createDirectories(w.cacheDir());
    FileTime monthAgo = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
    for (int i = 0; i < STALE_FILES; i++) {
      Path f = w.cacheDir().resolve("stale-" + i + ".bin");
      Files.write(f, new byte[STALE_BYTES]);
      Files.setLastModifiedTime(f, monthAgo);
    }
    for (int i = 0; i < FRESH_FILES; i++) {
      Files.write(w.cacheDir().resolve("fresh-" + i + ".bin"), new byte[FRESH_BYTES]);
    }
    return w;
  }

  public Path installDir(String component) {
    return root.resolve("resolver").resolve(component);
  }

  public Path configDir() {
    return root.resolve("resolver").resolve("config");
  }

  public Path cacheDir() {
    return root.resolve("resolver").resolve("cache");
  }

  public Path backupArchive() {
    return root.resolve("backups").resolve("resolver-config.tar.gz");
  }

  /** The release a component runs, as its VERSION file says. */
  public String version(String component) {
    try {
      return Files.readString(installDir(component).resolve("VERSION"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The share of queries a component answers: degraded on the broken release. */
  public double successRatio(String component) {
    return BROKEN_RELEASE.equals(version(component)) ? DEGRADED_RATIO : HEALTHY_RATIO;
  }

  /** The lowest success ratio of any component: what a whole-service check looks at. */
  public double worstSuccessRatio() {
    return COMPONENTS.stream().mapToDouble(this::successRatio).min().orElseThrow();
  }

  /** Bytes in the cache directory's regular files, as they are now. */
  public long cacheBytes() {
    try (Stream<Path> files = Files.walk(cacheDir())) {
      return files.filter(Files::isRegularFile).mapToLong(ResolverWorkload::size).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each component's release, in declaration order. */
  public Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    COMPONENTS.forEach(c -> versions.put(c, version(c)));
    return versions;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException vanished) {
      return 0; // deleted by the cleanup while we walked
    }
  }
}
