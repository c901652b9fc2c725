package io.windowops.validator.run;

import static io.windowops.validator.Specs.measurement;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.ValidateWindow;
import io.windowops.events.ValidationPhase;
import io.windowops.events.ValidationProgress;
import io.windowops.events.ValidationProgressState;
import io.windowops.events.Verdict;
import io.windowops.validator.ledger.LedgerEntry;
import io.windowops.validator.ledger.ProgressKeys;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ledger view of the owned partitions")
class LedgerViewTest {

  private final LedgerView view = new LedgerView();

  private static LedgerEntry accepted(String window, String validation) {
    return new LedgerEntry(ProgressKeys.acceptedKey(window, validation), ProgressKeys.partition(window),
        entry(window, validation, ValidationProgressState.RUNNING, 0));
  }

  private static LedgerEntry progress(String window, String validation, ValidationProgressState state, int measurements) {
    return new LedgerEntry(ProgressKeys.progressKey(window, validation), ProgressKeys.partition(window),
        entry(window, validation, state, measurements));
  }

  private static ValidationProgress entry(String window, String validation, ValidationProgressState state, int n) {
    return ValidationProgress.newBuilder()
        .setWindowId(window)
        .setValidationId(validation)
        .setCommandEventId("cmd")
        .setCommand(ValidateWindow.newBuilder().setValidationId(validation).setPhase(ValidationPhase.POST).build())
        .setState(state)
        .setStartedAt(Instant.ofEpochMilli(1_000))
        .setMeasurements(java.util.stream.IntStream.rangeClosed(1, n)
            .mapToObj(i -> measurement("c", i, Verdict.PASSED, 1.0)).toList())
        .setOutcomeEventId(ProgressKeys.outcomeEventId(window, validation))
        .build();
  }

  @Test
  @DisplayName("starts nothing until every owned partition is caught up")
  void waitsForCatchUp() {
    assertThat(view.apply(List.of(accepted("W1", "post")), false)).isEmpty();
    assertThat(view.apply(List.of(), true)).extracting(LedgerEntry::key).containsExactly("W1/post#accepted");
  }

  @Test
  @DisplayName("resumes from the latest progress entry, not from the acceptance")
  void resumesFromProgress() {
    List<LedgerEntry> start = view.apply(List.of(
        accepted("W1", "post"), progress("W1", "post", ValidationProgressState.RUNNING, 1),
        progress("W1", "post", ValidationProgressState.RUNNING, 2), accepted("W1", "post")), true);

    assertThat(start).singleElement().satisfies(e -> {
      assertThat(e.accepted()).isFalse();
      assertThat(e.progress().getMeasurements()).hasSize(2);
    });
  }

  @Test
  @DisplayName("never starts a validation the ledger says was reported, even when the command comes again")
  void reportedIsFinal() {
    assertThat(view.apply(List.of(accepted("W1", "post"), progress("W1", "post", ValidationProgressState.REPORTED, 3)), true)).isEmpty();
    assertThat(view.apply(List.of(accepted("W1", "post")), true)).isEmpty();
  }

  @Test
  @DisplayName("ignores its own writes for a running validation and never starts it twice")
  void runningOnce() {
    assertThat(view.apply(List.of(accepted("W1", "post")), true)).hasSize(1);

    assertThat(view.apply(List.of(progress("W1", "post", ValidationProgressState.RUNNING, 1), accepted("W1", "post")), true)).isEmpty();
    view.reported("W1/post");
    assertThat(view.apply(List.of(accepted("W1", "post")), true)).isEmpty();
  }

  @Test
  @DisplayName("hands back the running validations of revoked partitions and forgets those partitions")
  void revoke() {
    String w1 = "W1";
    String other = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "W-" + i)
        .filter(w -> ProgressKeys.partition(w) != ProgressKeys.partition(w1)).findFirst().orElseThrow();
    view.apply(List.of(accepted(w1, "post"), accepted(other, "post")), true);

    assertThat(view.revoke(Set.of(ProgressKeys.partition(w1)))).containsExactly(w1 + "/post");
    // Re-assigned later, the partition is read again and the validation resumes.
    assertThat(view.apply(List.of(progress(w1, "post", ValidationProgressState.RUNNING, 1)), true)).hasSize(1);
    assertThat(view.apply(List.of(accepted(other, "post")), true)).as("still running here").isEmpty();
  }
}
