package io.windowops.platform.kafka;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs on the consumer thread when partitions are assigned, before any of their records is
 * handled: a service whose handler consults state written by the partition's previous owner
 * (a ledger) waits here until that state is read. Throwing fails the session, which is
 * restarted; the consumer is not ready until the gate has passed.
 */
@FunctionalInterface
public interface AssignmentGate {

  AssignmentGate OPEN = partitions -> {};

  void await(Collection<TopicPartition> assigned) throws Exception;
}
