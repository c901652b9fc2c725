package io.windowops.scheduler.saga;

import static io.windowops.scheduler.saga.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.EventMetadata;
import io.windowops.events.FreezeAll;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.Unfreeze;
import io.windowops.events.WindowStateSnapshot;
import io.windowops.schemas.FreezeKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The operators' global freeze travels on the requests topic but belongs to the executor. */
@DisplayName("Global freeze events")
class GlobalFreezeEventsTest {

  private final WindowSaga saga = new WindowSaga(new TestPolicy());

  static Stream<Object> freezeEvents() {
    return Stream.of(new FreezeAll("incident INC-7", "user:alice"), new Unfreeze("resolved", "user:alice"));
  }

  @ParameterizedTest
  @MethodSource("freezeEvents")
  @DisplayName("are ignored under their own key, where no window exists")
  void ignoredUnderTheirKey(Object payload) {
    Decision d = saga.decide(null, freeze(FreezeKey.WINDOW_ID, payload), NOW);

    assertThat(d.state()).isNull();
    assertThat(d.changesNothing(null)).isTrue();
  }

  @ParameterizedTest
  @MethodSource("freezeEvents")
  @DisplayName("change nothing and throw nothing even when one reaches a running window")
  void ignoredByAWindow(Object payload) {
    WindowStateSnapshot running = Windows.running();

    Decision d = saga.decide(running, freeze(running.getWindowId(), payload), NOW);

    assertThat(d).isEqualTo(Decision.unchanged(running));
  }

  private static SagaInput freeze(String key, Object payload) {
    EventMetadata meta = EventMetadata.newBuilder(Fixtures.meta("user:alice")).setWindowId(key).build();
    return new SagaInput.Request(new RequestEnvelope(meta, payload));
  }
}
