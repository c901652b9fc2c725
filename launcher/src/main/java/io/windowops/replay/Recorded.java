package io.windowops.replay;

import io.windowops.events.EventMetadata;
import io.windowops.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * One decoded record of a scheduler topic, where it was stored and when it was written. {@code
 * value} is an envelope (metadata and payload) on every topic but the state topic, where it is a
 * window snapshot (null for a tombstone).
 */
public record Recorded(String topic, int partition, long offset, long timestamp, String key, SpecificRecord value) {

  /** The envelope's metadata; null for a snapshot or a tombstone. */
  public EventMetadata metadata() {
    if (value == null || value.getSchema().getField("metadata") == null) {
      return null;
    }
    return (EventMetadata) value.get(value.getSchema().getField("metadata").pos());
  }

  /** The envelope's payload (or the snapshot itself). */
  public Object payload() {
    if (value == null || value.getSchema().getField("payload") == null) {
      return value;
    }
    return value.get(value.getSchema().getField("payload").pos());
  }

  /** The payload's record name, e.g. {@code ApprovalGiven}. */
  public String type() {
    Object payload = payload();
    return payload instanceof SpecificRecord r ? r.getSchema().getName() : String.valueOf(payload);
  }

  /**
   * The window the record belongs to: its key, except on the admission topic, keyed by
   * environment, where the metadata names the window.
   */
  public String windowId() {
    return topic.equals(Topics.ADMISSIONS.name()) && metadata() != null ? metadata().getWindowId() : key;
  }

  /** Where it is stored: {@code topic[partition]@offset}. */
  public String position() {
    return topic + "[" + partition + "]@" + offset;
  }
}
