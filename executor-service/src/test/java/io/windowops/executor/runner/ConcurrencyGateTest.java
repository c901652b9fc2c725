package io.windowops.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The concurrency gate")
class ConcurrencyGateTest {

  private final List<String> started = new ArrayList<>();
  private final List<Promise<Void>> pending = new ArrayList<>();

  private Future<Void> submit(ConcurrencyGate gate, String name, List<String> services) {
    return gate.submit(services, () -> {
      started.add(name);
      Promise<Void> p = Promise.promise();
      pending.add(p);
      return p.future();
    });
  }

  @Test
  @DisplayName("runs at most the limit at once and starts the next when one ends")
  void limit() {
    ConcurrencyGate gate = new ConcurrencyGate(2);
    submit(gate, "a", List.of("s1"));
    submit(gate, "b", List.of("s2"));
    submit(gate, "c", List.of("s3"));
    assertThat(started).containsExactly("a", "b");
    assertThat(gate.running()).isEqualTo(2);
    assertThat(gate.waiting()).isEqualTo(1);
    pending.get(0).complete();
    assertThat(started).containsExactly("a", "b", "c");
  }

  @Test
  @DisplayName("never runs two steps on one service at once, but lets other services pass")
  void perService() {
    ConcurrencyGate gate = new ConcurrencyGate(4);
    Future<Void> first = submit(gate, "a", List.of("api"));
    submit(gate, "b", List.of("api", "db"));
    submit(gate, "c", List.of("web"));
    assertThat(started).containsExactly("a", "c");
    pending.get(0).complete();
    assertThat(first.succeeded()).isTrue();
    assertThat(started).containsExactly("a", "c", "b");
  }
}
