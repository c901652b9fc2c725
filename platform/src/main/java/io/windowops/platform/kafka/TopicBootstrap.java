package io.windowops.platform.kafka;

import io.windowops.schemas.Topic;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the declared topics that are missing (idempotent: any number of services may run it at
 * once) and registers each topic's value schema under {@code <topic>-value} with
 * BACKWARD_TRANSITIVE compatibility, so an incompatible schema change fails here, at start,
 * instead of breaking a reader or a replay later. Blocking: call it off the event loop.
 */
public final class TopicBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);
  public static final String COMPATIBILITY = "BACKWARD_TRANSITIVE";

  private TopicBootstrap() {}

  public static void ensureTopics(Admin admin, Collection<? extends Topic<?>> topics)
      throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (Topic<?> topic : topics) {
      if (!existing.contains(topic.name())) {
        // No replication factor: the broker's default.replication.factor applies.
        missing.add(
            new NewTopic(topic.name(), Optional.of(topic.partitions()), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy().kafkaValue())));
      }
    }
    if (!missing.isEmpty()) {
      admin.createTopics(missing).values().forEach((name, created) -> {
        try {
          created.get();
          LOG.info("Created topic {}", name);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while creating " + name, e);
        }
      });
    }
    warnOnPartitionMismatch(admin, topics);
  }

  public static void registerSchemas(
      SchemaRegistryClient registry, Collection<? extends Topic<?>> topics) {
    for (Topic<?> topic : topics) {
      registry.setCompatibility(topic.subject(), COMPATIBILITY);
      int id = registry.register(topic.subject(), topic.valueSchema());
      LOG.debug("Schema for {} has id {}", topic.subject(), id);
    }
  }

  /** Co-partitioning is a correctness requirement (ARCHITECTURE.md §3): say loudly if broken. */
  private static void warnOnPartitionMismatch(Admin admin, Collection<? extends Topic<?>> topics)
      throws InterruptedException, ExecutionException {
    Map<String, TopicDescription> described =
        admin.describeTopics(topics.stream().map(Topic::name).toList()).allTopicNames().get();
    for (Topic<?> topic : topics) {
      int actual = described.get(topic.name()).partitions().size();
      if (actual != topic.partitions()) {
        LOG.warn(
            "Topic {} has {} partitions but {} are declared: co-partitioned processing is not"
                + " guaranteed until it is recreated",
            topic.name(),
            actual,
            topic.partitions());
      }
    }
  }
}
