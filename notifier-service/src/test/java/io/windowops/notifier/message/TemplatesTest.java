package io.windowops.notifier.message;

import static io.windowops.notifier.Fixtures.END;
import static io.windowops.notifier.Fixtures.START;
import static io.windowops.notifier.Fixtures.notice;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TemplatesTest {

  private final Templates templates = Templates.fromClasspath();

  private RenderedMessage render(NoticeDue n, Instant now, Optional<Instant> opened) {
    return templates.render(NoticeView.templateName(n), NoticeView.of("MNT-2026-0042", n, now, opened));
  }

  @Test
  @DisplayName("the initial notice states date, UTC times, duration, impact, what to expect and recommended actions")
  void initialNotice() {
    RenderedMessage m = render(notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE)),
        START.minus(Duration.ofDays(7)), Optional.empty());
    assertThat(m.subject()).isEqualTo("[Scheduled maintenance] PostgreSQL 16 upgrade of orders-db on Tuesday 1 December 2026, 02:00 UTC–04:30 UTC");
    assertThat(m.text())
        .contains("When: Tuesday 1 December 2026, 02:00 UTC to 04:30 UTC (2 hours 30 minutes)")
        .contains("Impact: Orders cannot be placed or changed")
        .contains("What to expect:\nThe services above will be unavailable for up to 2 hours 30 minutes.")
        .contains("Recommended actions:\n- Plan around the window")
        .contains("Reference: MNT-2026-0042")
        .doesNotContain("{{").doesNotContain("\n\n\n");
    assertThat(m.html()).contains("<h2 style=\"margin-bottom: 4px;\">[Scheduled maintenance] PostgreSQL 16 upgrade")
        .contains("<td>Tuesday 1 December 2026, 02:00 UTC – 04:30 UTC (2 hours 30 minutes)</td>");
  }

  @Test
  @DisplayName("the reminder says how long until the start, and the completion notice gives the actual duration")
  void reminderAndCompletion() {
    RenderedMessage reminder = render(notice("reminder-PT24H", NoticeKind.REMINDER, summary("production", MaintenanceType.PLANNED_OUTAGE)),
        START.minus(Duration.ofHours(24)), Optional.empty());
    assertThat(reminder.subject()).isEqualTo("[Reminder] PostgreSQL 16 upgrade of orders-db starts in 24 hours (Tuesday 1 December 2026, 02:00 UTC)");

    RenderedMessage done = render(notice("completion", NoticeKind.COMPLETION, summary("production", MaintenanceType.PLANNED_OUTAGE)),
        START.plus(Duration.ofMinutes(97)), Optional.of(START.plusSeconds(120)));
    assertThat(done.text()).contains("Finished at 03:37 UTC after 1 hour 35 minutes (planned: 2 hours 30 minutes).");
  }

  @Test
  @DisplayName("with a scheduler URL the completion notice links the post-maintenance review; without one it has no link")
  void reviewLink() {
    NoticeDue completion = notice("completion", NoticeKind.COMPLETION, summary("production", MaintenanceType.PLANNED_OUTAGE));
    Templates linked = templates.withShared(java.util.Map.of("schedulerUrl", "https://windowops.example.com"));

    RenderedMessage withLink =
        linked.render(NoticeView.templateName(completion), NoticeView.of("MNT-2026-0042", completion, START.plusSeconds(600), Optional.empty()));
    RenderedMessage without = render(completion, START.plusSeconds(600), Optional.empty());

    assertThat(withLink.text()).contains("Post-maintenance review: https://windowops.example.com/windows/MNT-2026-0042/review");
    assertThat(withLink.html()).contains("https://windowops.example.com/windows/MNT-2026-0042/review");
    assertThat(without.text()).doesNotContain("review").endsWith("Reference: MNT-2026-0042\n");
  }

  @Test
  @DisplayName("an emergency's first notice uses the emergency template")
  void emergency() {
    RenderedMessage m = render(notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.EMERGENCY)), START, Optional.empty());
    assertThat(m.subject()).startsWith("[Emergency maintenance] PostgreSQL 16 upgrade of orders-db");
    assertThat(m.text()).contains("Why: Major version upgrade of the orders database cluster.");
  }

  @Test
  @DisplayName("a progress notice tells what is done and running, in both parts, and when the window ends")
  void progress() {
    NoticeDue n = notice("progress-2", NoticeKind.PROGRESS, summary("production", MaintenanceType.PLANNED_OUTAGE));
    n.setStatus(io.windowops.events.WindowStatus.RUNNING);
    n.setDetail("2 of 5 steps done; running: upgrade");
    RenderedMessage m = render(n, START.plus(Duration.ofMinutes(30)), Optional.of(START));
    assertThat(m.subject()).isEqualTo("[In progress] PostgreSQL 16 upgrade of orders-db");
    assertThat(m.text())
        .contains("Maintenance update (")
        .contains("\n\n2 of 5 steps done; running: upgrade\n")
        .contains("The window is planned to end at ")
        .contains("Reference: MNT-2026-0042")
        .doesNotContain("{{");
    assertThat(m.html()).contains("2 of 5 steps done; running: upgrade");
  }

  @ParameterizedTest
  @EnumSource(NoticeKind.class)
  @DisplayName("every notice kind has a template that renders a subject and both parts")
  void everyKind(NoticeKind kind) {
    NoticeDue n = notice(kind.name().toLowerCase(), kind, summary("production", MaintenanceType.BRIEF_INTERRUPTION));
    n.setDetail("Step migrate-db failed: exit 3 <stderr & more>");
    RenderedMessage m = render(n, END, Optional.of(START));
    assertThat(m.subject()).isNotBlank().contains("PostgreSQL 16 upgrade");
    assertThat(m.text()).contains("MNT-2026-0042").doesNotContain("{{");
    assertThat(m.html()).startsWith("<!DOCTYPE html>").doesNotContain("<stderr");
  }

  @Test
  @DisplayName("values are HTML-escaped in the HTML part and left as typed in the text part")
  void escaping() {
    var s = summary("production", MaintenanceType.PLANNED_OUTAGE);
    s.setTitle("Upgrade <db> & cache");
    RenderedMessage m = render(notice("initial", NoticeKind.INITIAL, s), START, Optional.empty());
    assertThat(m.text()).contains("Scheduled maintenance: Upgrade <db> & cache");
    assertThat(m.html()).contains("Upgrade &lt;db&gt; &amp; cache").doesNotContain("<db>");
  }
}
