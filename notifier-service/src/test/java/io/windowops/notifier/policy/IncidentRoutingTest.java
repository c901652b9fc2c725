package io.windowops.notifier.policy;

import static io.windowops.notifier.Fixtures.notice;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeDue;
import io.windowops.events.NoticeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Routing the notices of a window an alert opened")
class IncidentRoutingTest {

  private static final RoutingPolicy EXAMPLE = PolicyLoader.load(Path.of("..", "examples", "notifier.yaml"));

  private static NoticeDue incident(String severity, NoticeKind kind, String escalateTo) {
    var s = summary("production", MaintenanceType.EMERGENCY);
    s.setLabels(Map.of("alert.severity", severity, "alert.name", "OneiricDigestVerificationFailed"));
    NoticeDue n = notice(kind == NoticeKind.ESCALATION ? "escalation-0" : kind.name().toLowerCase(), kind, s);
    n.setEscalateTo(escalateTo);
    return n;
  }

  private static List<String> targets(NoticeDue n) {
    return EXAMPLE.targetsFor(n).stream().map(Target::name).toList();
  }

  @Test
  @DisplayName("P0: the on-call is paged at once, and the critical channel follows")
  void p0Pages() {
    assertThat(targets(incident("P0", NoticeKind.ESCALATION, "on-call")))
        .containsExactly("oncall-page", "incident-critical-slack");
  }

  @Test
  @DisplayName("P1: the critical channel and email, no page")
  void p1CriticalAndEmail() {
    assertThat(targets(incident("P1", NoticeKind.ESCALATION, "on-call")))
        .containsExactly("incident-critical-slack", "incident-email");
  }

  @Test
  @DisplayName("P2 goes to the warning channel, P3 to the info channel")
  void p2p3() {
    assertThat(targets(incident("P2", NoticeKind.ESCALATION, "on-call"))).containsExactly("incident-warning-slack");
    assertThat(targets(incident("P3", NoticeKind.PROGRESS, null))).contains("incident-info-slack").doesNotContain("oncall-page");
  }

  @Test
  @DisplayName("each escalation level hears when the incident reaches it")
  void levels() {
    assertThat(targets(incident("P0", NoticeKind.ESCALATION, "team-lead")))
        .containsExactly("incident-critical-slack", "team-lead-email");
    assertThat(targets(incident("P0", NoticeKind.ESCALATION, "director")))
        .containsExactly("incident-critical-slack", "director-email");
  }

  @Test
  @DisplayName("a window no alert opened matches no severity route")
  void noSeverity() {
    NoticeDue plain = notice("progress-1", NoticeKind.PROGRESS, summary("production", MaintenanceType.EMERGENCY));
    assertThat(targets(plain)).containsExactly("maintenance-slack");
  }

  @Test
  @DisplayName("an unknown severity in a route is an error naming it")
  void unknownSeverity(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("n.yaml");
    Files.writeString(file, """
        targets:
          page: {type: status-page}
        routes:
          - when: {severities: [SEV1]}
            targets: [page]
        """);
    assertThatThrownBy(() -> PolicyLoader.load(file)).hasMessageContaining("SEV1").hasMessageContaining("severities");
  }
}
