package io.windowops.replay;

import io.windowops.schemas.Topic;
import io.windowops.schemas.registry.SchemaRegistryClient;
import io.windowops.schemas.serde.AvroDeserializer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the scheduler's topics hold, decoded: its inputs and its outputs, each in partition and
 * offset order. Records that do not decode are counted and left out (the scheduler parked such
 * inputs on its dead-letter topic without deciding anything).
 */
public record Recording(List<Recorded> inputs, List<Recorded> outputs, int undecodable) {

  public Recording {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /** Decodes raw records of {@link SchedulerTopics}, fetching writer schemas from {@code registry}. */
  public static Recording decode(List<ConsumerRecord<String, byte[]>> raw, SchemaRegistryClient registry) {
    Map<String, AvroDeserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
    for (Topic<?> t : SchedulerTopics.all()) {
      deserializers.put(t.name(), new AvroDeserializer<>(registry, t.valueClass()));
    }
    List<Recorded> decoded = new ArrayList<>();
    int undecodable = 0;
    for (ConsumerRecord<String, byte[]> r : raw) {
      AvroDeserializer<? extends SpecificRecord> deserializer = deserializers.get(r.topic());
      if (deserializer == null || r.key() == null) {
        continue;
      }
      SpecificRecord value;
      try {
        value = deserializer.deserialize(r.topic(), r.headers(), r.value());
      } catch (SerializationException e) {
        undecodable++;
        continue;
      }
      decoded.add(new Recorded(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), value));
    }
    return of(decoded, undecodable);
  }

  /** Sorts decoded records into inputs and outputs (null inputs carry nothing to decide). */
  static Recording of(List<Recorded> records, int undecodable) {
    List<String> inputTopics = SchedulerTopics.INPUTS.stream().map(Topic::name).toList();
    List<Recorded> inputs = new ArrayList<>();
    List<Recorded> outputs = new ArrayList<>();
    for (Recorded r : records) {
      if (!inputTopics.contains(r.topic())) {
        outputs.add(r);
      } else if (r.value() != null) {
        inputs.add(r);
      }
    }
    return new Recording(inputs, outputs, undecodable);
  }
}
