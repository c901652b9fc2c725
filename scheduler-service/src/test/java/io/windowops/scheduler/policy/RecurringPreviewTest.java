package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static io.windowops.scheduler.policy.PolicyFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.windowops.events.Violation;
import io.windowops.scheduler.policy.MaintenancePolicy.RecurringOccurrence;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Previewing the weekly backup verification (Sunday 03:00 UTC, 30 minutes)")
class RecurringPreviewTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.example();
  private static final Instant NOW = at("2026-11-01T00:00:00Z");

  @Test
  @DisplayName("the next five occurrences are concrete plans; the two inside the freeze say so")
  void nextFive() {
    List<RecurringOccurrence> preview =
        POLICY.preview("weekly-backup-verification", at("2026-12-01T00:00:00Z"), 5, NOW, List.of());

    assertThat(preview)
        .extracting(o -> o.plan().windowId(), o -> o.plan().start(), o -> o.allowed())
        .containsExactly(
            tuple("weekly-backup-verification-2026-12-06", at("2026-12-06T03:00:00Z"), true),
            tuple("weekly-backup-verification-2026-12-13", at("2026-12-13T03:00:00Z"), true),
            tuple("weekly-backup-verification-2026-12-20", at("2026-12-20T03:00:00Z"), false),
            tuple("weekly-backup-verification-2026-12-27", at("2026-12-27T03:00:00Z"), false),
            tuple("weekly-backup-verification-2027-01-03", at("2027-01-03T03:00:00Z"), true));
    assertThat(preview.get(2).violations())
        .extracting(Violation::getCode)
        .containsExactly("IN_FREEZE");
    assertThat(preview.get(0).plan())
        .satisfies(p -> assertThat(p.end()).isEqualTo(at("2026-12-06T03:30:00Z")))
        .satisfies(p -> assertThat(p.environment()).isEqualTo("production"))
        .satisfies(p -> assertThat(p.services()).containsExactly("backup-vault"))
        .satisfies(p -> assertThat(p.type()).isEqualTo(ZERO_DOWNTIME))
        .satisfies(p -> assertThat(p.requester()).isEqualTo("sre-automation"));
  }

  @Test
  @DisplayName(
      "an occurrence starting exactly at 'from' is included; expanding again gives the same ids")
  void stableAndInclusive() {
    List<RecurringOccurrence> first =
        POLICY.preview("weekly-backup-verification", at("2026-11-29T03:00:00Z"), 2, NOW, List.of());
    List<RecurringOccurrence> again =
        POLICY.preview("weekly-backup-verification", at("2026-11-29T03:00:00Z"), 2, NOW, List.of());

    assertThat(first)
        .extracting(o -> o.plan().start())
        .first()
        .isEqualTo(at("2026-11-29T03:00:00Z"));
    assertThat(first).isEqualTo(again);
  }

  @Test
  @DisplayName("an occurrence too soon for its notice, or clashing with another window, is flagged")
  void flagsNoticeAndConflict() {
    List<RecurringOccurrence> preview =
        POLICY.preview(
            "weekly-backup-verification",
            at("2026-11-28T00:00:00Z"),
            2,
            at("2026-11-28T12:00:00Z"),
            List.of(
                PolicyFixtures.reservation(
                    "w-restore",
                    "production",
                    "2026-12-06T02:00:00Z",
                    "2026-12-06T04:00:00Z",
                    "backup-vault")));

    assertThat(preview)
        .extracting(o -> o.violations().stream().map(Violation::getCode).toList())
        .containsExactly(List.of("INSUFFICIENT_NOTICE"), List.of("CONFLICT"));
  }

  @Test
  @DisplayName("zero occurrences is an empty preview; an unknown recurring window is refused")
  void edges() {
    assertThat(POLICY.preview("weekly-backup-verification", NOW, 0, NOW, List.of())).isEmpty();
    assertThatThrownBy(() -> POLICY.preview("nightly", NOW, 3, NOW, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no recurring window 'nightly'");
  }
}
