package io.windowops.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Whether a record sits in the partition the Java client's default partitioner gives its key
 * (murmur2). Ownership of a window follows its partition, so a record a producer placed elsewhere
 * (librdkafka's default is CRC32; a custom partitioner) would be applied by an owner that knows
 * nothing of the window: it is parked with this reason instead.
 */
public final class PartitionCheck {

  private PartitionCheck() {}

  /** The partition murmur2 gives {@code key} among {@code partitions}. */
  public static int expected(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /** A key as it may be logged: no control characters, at most 100 characters. */
  static String printable(String key) {
    String clean = key.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 100 ? clean : clean.substring(0, 100) + "…";
  }

  /** Why the record is misplaced, or empty when it is where its key belongs. */
  public static Optional<String> problem(String topic, String key, int partition, int partitions) {
    if (key == null) {
      return Optional.of("a record on " + topic + " has no key; the key must be the window id");
    }
    int expected = expected(key, partitions);
    if (expected == partition) {
      return Optional.empty();
    }
    return Optional.of("key '" + printable(key) + "' belongs to partition " + expected + " of " + topic
        + " under the Java client's default (murmur2) partitioner, but the record is in partition "
        + partition + "; configure the producer to partition with murmur2 (librdkafka: partitioner=murmur2_random)");
  }
}
