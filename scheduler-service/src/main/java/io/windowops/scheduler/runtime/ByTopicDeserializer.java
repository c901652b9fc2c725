package io.windowops.scheduler.runtime;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** One consumer, several topics: each topic's values decoded into their own record type. */
final class ByTopicDeserializer implements Deserializer<SpecificRecord> {

  private final Map<String, Deserializer<? extends SpecificRecord>> byTopic;

  ByTopicDeserializer(Map<String, Deserializer<? extends SpecificRecord>> byTopic) {
    this.byTopic = Map.copyOf(byTopic);
  }

  @Override
  public SpecificRecord deserialize(String topic, byte[] data) {
    return deserialize(topic, null, data);
  }

  @Override
  public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
    Deserializer<? extends SpecificRecord> deserializer = byTopic.get(topic);
    if (deserializer == null) {
      throw new SerializationException("No deserializer for topic " + topic);
    }
    return data == null ? null : deserializer.deserialize(topic, headers, data);
  }
}
