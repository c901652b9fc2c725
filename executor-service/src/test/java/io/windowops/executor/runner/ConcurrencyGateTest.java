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
    return submit(gate, name, services, false);
  }

  private Future<Void> step(ConcurrencyGate gate, String name, List<String> services) {
    return submit(gate, name, services, true);
  }

  private Future<Void> submit(ConcurrencyGate gate, String name, List<String> services, boolean holdable) {
    return gate.submit(name.split("/")[0], services, holdable, () -> {
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

  @Test
  @DisplayName("while frozen holds steps without a slot or a service, lets compensations pass, and releases held steps in order")
  void freeze() {
    ConcurrencyGate gate = new ConcurrencyGate(2);
    gate.freeze(true);
    step(gate, "step-1", List.of("api"));
    step(gate, "step-2", List.of("db"));
    step(gate, "step-3", List.of("web"));
    assertThat(started).isEmpty();
    assertThat(gate.running()).isZero();
    assertThat(gate.held()).isEqualTo(3);

    submit(gate, "undo-api", List.of("api"));
    submit(gate, "undo-db", List.of("db"));
    assertThat(started).containsExactly("undo-api", "undo-db");
    assertThat(gate.held()).isEqualTo(3);

    gate.freeze(false);
    assertThat(started).as("slots are full: nothing more starts yet").containsExactly("undo-api", "undo-db");
    assertThat(gate.held()).isZero();
    pending.get(0).complete();
    pending.get(1).complete();
    assertThat(started).containsExactly("undo-api", "undo-db", "step-1", "step-2");
    pending.get(2).complete();
    assertThat(started).containsExactly("undo-api", "undo-db", "step-1", "step-2", "step-3");
  }

  @Test
  @DisplayName("a freeze stops no step that already runs, and holds queued steps that have not started")
  void freezeWhileRunning() {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    Future<Void> running = step(gate, "a", List.of("api"));
    step(gate, "b", List.of("db"));
    gate.freeze(true);
    assertThat(gate.held()).isEqualTo(1);
    pending.get(0).complete();
    assertThat(running.succeeded()).isTrue();
    assertThat(started).containsExactly("a");
    assertThat(gate.running()).isZero();
    assertThat(gate.holds(true)).isTrue();
    assertThat(gate.holds(false)).isFalse();
    gate.freeze(false);
    assertThat(started).containsExactly("a", "b");
  }

  @Test
  @DisplayName("withdraws a rolling-back window's held steps so they never run after its compensations")
  void withdrawHeld() {
    ConcurrencyGate gate = new ConcurrencyGate(4);
    gate.freeze(true);
    Future<Void> held = step(gate, "MNT-1/upgrade", List.of("api"));
    Future<Void> other = step(gate, "MNT-2/upgrade", List.of("db"));
    assertThat(gate.held()).isEqualTo(2);

    assertThat(gate.withdrawHeld("MNT-1")).isEqualTo(1);
    assertThat(held.failed()).isTrue();
    assertThat(held.cause()).isInstanceOf(ConcurrencyGate.Withdrawn.class).hasMessageContaining("MNT-1 is rolling back");
    assertThat(gate.held()).isEqualTo(1);

    gate.freeze(false);
    assertThat(started).containsExactly("MNT-2/upgrade");
    assertThat(other.isComplete()).isFalse();
  }

  @Test
  @DisplayName("withdraws one keyed piece of work that has not started, held or queued; started or unknown work is not withdrawn")
  void withdrawByKey() {
    ConcurrencyGate gate = new ConcurrencyGate(1);
    Future<Void> first = gate.submit("k1", "MNT-1", List.of("api"), true, () -> {
      started.add("k1");
      return Promise.<Void>promise().future();
    });
    Future<Void> queued = gate.submit("k2", "MNT-1", List.of("db"), true, () -> {
      started.add("k2");
      return Future.succeededFuture();
    });
    assertThat(started).containsExactly("k1");
    assertThat(gate.withdraw("k1", "cancelled: too late")).as("already running").isFalse();
    assertThat(gate.withdraw("k2", "cancelled: ABORTED")).isTrue();
    assertThat(queued.cause()).isInstanceOf(ConcurrencyGate.Withdrawn.class).hasMessage("cancelled: ABORTED");
    assertThat(gate.withdraw("k2", "again")).as("already withdrawn").isFalse();
    assertThat(gate.withdraw("nope", "unknown")).isFalse();
    assertThat(gate.waiting()).isZero();
    assertThat(first.isComplete()).isFalse();
  }
}
