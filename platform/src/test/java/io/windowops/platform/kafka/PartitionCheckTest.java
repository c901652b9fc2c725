package io.windowops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The partition check")
class PartitionCheckTest {

  @Test
  @DisplayName("expects exactly the partition the Java producer's default partitioner picks, for 2,000 keys")
  void matchesTheJavaDefault() {
    for (int i = 0; i < 2_000; i++) {
      String key = "MNT-2026-" + i;
      int java = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 6);
      assertThat(PartitionCheck.expected(key, 6)).as(key).isEqualTo(java);
      assertThat(PartitionCheck.problem("t", key, java, 6)).isEmpty();
    }
  }

  @Test
  @DisplayName("names both partitions and the fix for a record another partitioner placed, and refuses a missing key")
  void misplaced() {
    int right = PartitionCheck.expected("MNT-2026-0042", 6);
    int wrong = (right + 1) % 6;
    assertThat(PartitionCheck.problem("windowops.requests.v1", "MNT-2026-0042", wrong, 6)).get().asString()
        .contains("belongs to partition " + right, "is in partition " + wrong, "murmur2");
    assertThat(PartitionCheck.problem("windowops.requests.v1", null, 0, 6)).get().asString().contains("no key");
    String forged = "MNT-1\n2026-12-02 INFO fake log line" + "x".repeat(500);
    String logged = PartitionCheck.problem("t", forged, (PartitionCheck.expected(forged, 6) + 1) % 6, 6).orElseThrow();
    assertThat(logged).as("a key cannot forge a log line or flood the log").doesNotContain("\n").hasSizeLessThan(400);
  }
}
