package io.windowops.validator.ledger;

import io.windowops.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * Keys, partitions and ids of the progress ledger. An accepted command is recorded under {@code
 * <windowId>/<validationId>#accepted} and the running validation under {@code
 * <windowId>/<validationId>}, so a redelivered command can never overwrite recorded progress. Both
 * go to the partition Kafka's default partitioner gives the window id, so the ledger stays
 * co-partitioned with the window's other topics.
 */
public final class ProgressKeys {

  private static final String ACCEPTED_SUFFIX = "#accepted";

  private ProgressKeys() {}

  public static String progressKey(String windowId, String validationId) {
    return windowId + "/" + validationId;
  }

  public static String acceptedKey(String windowId, String validationId) {
    return progressKey(windowId, validationId) + ACCEPTED_SUFFIX;
  }

  public static boolean isAccepted(String key) {
    return key.endsWith(ACCEPTED_SUFFIX);
  }

  /** The partition of a window id under Kafka's default partitioner (murmur2 of the key bytes). */
  public static int partition(String windowId) {
    return Utils.toPositive(Utils.murmur2(windowId.getBytes(StandardCharsets.UTF_8))) % Topics.PARTITIONS;
  }

  /**
   * The eventId of a validation's outcome: the same for every validator instance and every
   * retry, so that whoever reads the results can deduplicate on it.
   */
  public static String outcomeEventId(String windowId, String validationId) {
    return UUID.nameUUIDFromBytes(
            ("windowops.validation-outcome/" + progressKey(windowId, validationId)).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
