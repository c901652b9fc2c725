package io.windowops.scheduler.policy;

import static io.windowops.events.MaintenanceType.BRIEF_INTERRUPTION;
import static io.windowops.events.MaintenanceType.EMERGENCY;
import static io.windowops.events.MaintenanceType.EXTENDED_OUTAGE;
import static io.windowops.events.MaintenanceType.PLANNED_OUTAGE;
import static io.windowops.events.MaintenanceType.ZERO_DOWNTIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import io.windowops.scheduler.policy.WindowPolicy.NoticeRequirement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Notices and approvals each type demands in the example policy")
class NoticesAndApprovalsTest {

  private static final MaintenancePolicy POLICY = PolicyFixtures.example();

  @Test
  @DisplayName("zero-downtime: one notice 24 h ahead; one team lead")
  void zeroDowntime() {
    assertThat(POLICY.notices(ZERO_DOWNTIME))
        .containsExactly(new NoticeRequirement("initial", Duration.ofHours(24), false));
    assertThat(POLICY.approvals(ZERO_DOWNTIME, false))
        .isEqualTo(new ApprovalRule(List.of("team-lead"), 1, true));
  }

  @Test
  @DisplayName(
      "brief interruption: 48 h, 24 h, 1 h, at start, at completion; an engineering manager")
  void briefInterruption() {
    assertThat(POLICY.notices(BRIEF_INTERRUPTION))
        .containsExactly(
            new NoticeRequirement("initial", Duration.ofHours(48), false),
            new NoticeRequirement("reminder-P1D", Duration.ofHours(24), false),
            new NoticeRequirement("reminder-PT1H", Duration.ofHours(1), false),
            new NoticeRequirement("start", Duration.ZERO, false),
            new NoticeRequirement("completion", Duration.ZERO, true));
    assertThat(POLICY.approvals(BRIEF_INTERRUPTION, false).roles())
        .containsExactly("engineering-manager");
  }

  @Test
  @DisplayName("planned outage: 7 d, 3 d, 24 h, start, completion; a VP")
  void plannedOutage() {
    assertThat(POLICY.notices(PLANNED_OUTAGE))
        .extracting(NoticeRequirement::noticeId)
        .containsExactly("initial", "reminder-P3D", "reminder-P1D", "start", "completion");
    assertThat(POLICY.notices(PLANNED_OUTAGE).get(0).leadTime()).isEqualTo(Duration.ofDays(7));
    assertThat(POLICY.approvals(PLANNED_OUTAGE, false).roles()).containsExactly("vp-engineering");
  }

  @Test
  @DisplayName("extended outage: 14 d, 7 d, 24 h, start, completion; the CTO")
  void extendedOutage() {
    assertThat(POLICY.notices(EXTENDED_OUTAGE))
        .extracting(NoticeRequirement::leadTime)
        .containsExactly(
            Duration.ofDays(14),
            Duration.ofDays(7),
            Duration.ofDays(1),
            Duration.ZERO,
            Duration.ZERO);
    assertThat(POLICY.approvals(EXTENDED_OUTAGE, false).roles()).containsExactly("cto");
  }

  @Test
  @DisplayName(
      "emergency: an immediate notice (always past due when scheduled), start, completion; two"
          + " approvers")
  void emergency() {
    assertThat(POLICY.notices(EMERGENCY))
        .containsExactly(
            new NoticeRequirement("initial", MaintenancePolicy.IMMEDIATE_LEAD, false),
            new NoticeRequirement("start", Duration.ZERO, false),
            new NoticeRequirement("completion", Duration.ZERO, true));
    assertThat(POLICY.approvals(EMERGENCY, false).count()).isEqualTo(2);
    assertThat(POLICY.approvals(EMERGENCY, false).fourEyes()).isTrue();
    assertThat(POLICY.approvals(EMERGENCY, true).count()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "asking for a freeze override of a type that may not override one is a bug and throws")
  void noOverrideForOtherTypes() {
    assertThatThrownBy(() -> POLICY.approvals(PLANNED_OUTAGE, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planned-outage may not override a freeze");
  }

  @Test
  @DisplayName("a type the policy does not declare has no notices to give")
  void undeclaredType() {
    MaintenancePolicy dst = PolicyFixtures.resource("dst.yaml");
    assertThatThrownBy(() -> dst.notices(PLANNED_OUTAGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maintenance type planned-outage is not declared in the policy");
  }
}
