package io.windowops.platform.kafka;

import org.apache.kafka.common.KafkaException;

/** The reason a record parked in a dead-letter topic was not in its key's partition. */
public final class MisplacedRecordException extends KafkaException {
  public MisplacedRecordException(String message) {
    super(message);
  }
}
