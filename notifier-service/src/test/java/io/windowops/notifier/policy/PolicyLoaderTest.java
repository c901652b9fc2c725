package io.windowops.notifier.policy;

import static io.windowops.notifier.Fixtures.notice;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.windowops.events.MaintenanceType;
import io.windowops.events.NoticeKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "notifier.yaml");

  private static List<String> names(List<Target> targets) {
    return targets.stream().map(Target::name).toList();
  }

  @Test
  @DisplayName("the example policy sends a production outage to Slack, customers, Statuspage and the status page")
  void exampleProductionOutage() {
    RoutingPolicy policy = PolicyLoader.load(EXAMPLE);
    var targets = policy.targetsFor(notice("initial", NoticeKind.INITIAL, summary("production", MaintenanceType.PLANNED_OUTAGE)));
    assertThat(names(targets)).containsExactly("maintenance-slack", "customer-email", "public-statuspage", "status-page");
  }

  @Test
  @DisplayName("the example policy sends development notices to Slack only, and production failures to the bridge too")
  void exampleDevelopmentAndFailures() {
    RoutingPolicy policy = PolicyLoader.load(EXAMPLE);
    assertThat(names(policy.targetsFor(notice("start", NoticeKind.START, summary("development", MaintenanceType.PLANNED_OUTAGE)))))
        .containsExactly("dev-slack");
    assertThat(names(policy.targetsFor(notice("failure", NoticeKind.FAILURE, summary("production", MaintenanceType.ZERO_DOWNTIME)))))
        .containsExactly("maintenance-slack", "status-page", "pagerduty-bridge", "ops-email");
  }

  @Test
  @DisplayName("a window's audiences add their targets once")
  void audiences() {
    RoutingPolicy policy = PolicyLoader.load(EXAMPLE);
    var s = summary("production", MaintenanceType.PLANNED_OUTAGE);
    s.setAudiences(List.of("support", "customers"));
    assertThat(names(policy.targetsFor(notice("initial", NoticeKind.INITIAL, s))))
        .containsExactly("maintenance-slack", "customer-email", "public-statuspage", "status-page", "ops-email");
  }

  @Test
  @DisplayName("the example policy sends production progress to the team's Slack only, never to customers, whatever the audiences")
  void exampleProgress() {
    RoutingPolicy policy = PolicyLoader.load(EXAMPLE);
    for (MaintenanceType type : MaintenanceType.values()) {
      var s = summary("production", type);
      s.setAudiences(List.of("support", "customers"));
      assertThat(names(policy.targetsFor(notice("progress-1", NoticeKind.PROGRESS, s))))
          .as("production %s", type)
          .containsExactly("maintenance-slack");
      assertThat(names(policy.targetsFor(notice("start", NoticeKind.START, s))))
          .as("the audiences still hear the start of a production %s", type)
          .contains("customer-email", "ops-email");
    }
    assertThat(names(policy.targetsFor(notice("step-upgrade-1", NoticeKind.PROGRESS, summary("staging", MaintenanceType.PLANNED_OUTAGE)))))
        .containsExactly("dev-slack");
  }

  @Test
  @DisplayName("an audience limited to some notices adds its targets for those only; its fields are checked")
  void audienceLimitedToNotices() {
    String yaml = """
        targets:
          team: {type: status-page}
          page: {type: status-page}
        routes:
          - targets: [team]
        audiences:
          everyone: [page]
          announced:
            targets: [page]
            notices: [START, COMPLETION]
        """;
    RoutingPolicy policy = PolicyLoader.parse(yaml, "p.yaml");
    var s = summary("production", MaintenanceType.PLANNED_OUTAGE);
    s.setAudiences(List.of("announced"));
    assertThat(names(policy.targetsFor(notice("start", NoticeKind.START, s)))).containsExactly("team", "page");
    assertThat(names(policy.targetsFor(notice("progress-1", NoticeKind.PROGRESS, s)))).containsExactly("team");
    s.setAudiences(List.of("everyone"));
    assertThat(names(policy.targetsFor(notice("progress-1", NoticeKind.PROGRESS, s)))).containsExactly("team", "page");

    assertThatThrownBy(() -> PolicyLoader.parse(yaml.replace("notices: [START", "notice: [START"), "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("p.yaml: audiences.announced.notice is not a known field");
    assertThatThrownBy(() -> PolicyLoader.parse(yaml.replace("[START, COMPLETION]", "[START, PROGRES]"), "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("audiences.announced.notices.1");
  }

  @Test
  @DisplayName("a route naming an undefined target is rejected with the field's path")
  void unknownTarget() {
    String yaml = """
        targets:
          page: {type: status-page}
        routes:
          - targets: [page, slack-typo]
        """;
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessage("p.yaml: routes.0.targets.1 'slack-typo' is not a target defined under targets");
  }

  @Test
  @DisplayName("a secret written as a value is rejected without echoing it")
  void secretValue() {
    String yaml = """
        targets:
          ops: {type: webhook, url: "https://hooks.example.com/x", secret: "s3cr3t-value"}
        routes:
          - targets: [ops]
        """;
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "p.yaml"))
        .hasMessageContaining("targets.ops.secret must be a reference env:NAME or file:/path")
        .hasMessageNotContaining("s3cr3t-value");
  }

  @Test
  @DisplayName("unknown fields, bad enums, missing SMTP and Slack without a way in are named precisely")
  void otherErrors() {
    assertThatThrownBy(() -> PolicyLoader.parse("""
        targets: {page: {type: status-page, colour: red}}
        routes: [{targets: [page]}]
        """, "p")).hasMessage("p: targets.page.colour is not a known field (known: type)");
    assertThatThrownBy(() -> PolicyLoader.parse("""
        targets: {page: {type: status-page}}
        routes: [{when: {types: [OUTAGE]}, targets: [page]}]
        """, "p")).hasMessageStartingWith("p: routes.0.when.types.0 'OUTAGE' is not one of [ZERO_DOWNTIME");
    assertThatThrownBy(() -> PolicyLoader.parse("""
        targets: {mail: {type: email, from: a@example.com, to: [b@example.com]}}
        routes: [{targets: [mail]}]
        """, "p")).hasMessage("p: smtp is required because target 'mail' is an email target");
    assertThatThrownBy(() -> PolicyLoader.parse("""
        targets: {s: {type: slack, channel: "#x"}}
        routes: [{targets: [s]}]
        """, "p")).hasMessage("p: targets.s needs exactly one of webhookUrl or botToken");
    assertThatThrownBy(() -> PolicyLoader.parse("""
        targets: {mail: {type: email, from: a@example.com, to: [not-an-address]}}
        smtp: {host: localhost}
        routes: [{targets: [mail]}]
        """, "p")).hasMessage("p: targets.mail.to.0 'not-an-address' is not an email address");
  }

  @Test
  @DisplayName("secret references resolve from the environment or a file, and print only as the reference")
  void secretRefs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    SecretRef env = new SecretRef("env:TOKEN");
    assertThat(env.resolve(n -> n.equals("TOKEN") ? "xoxb-1" : null)).isEqualTo("xoxb-1");
    assertThat(env.toString()).isEqualTo("env:TOKEN");
    Path file = dir.resolve("key");
    java.nio.file.Files.writeString(file, "hmac-key\n");
    assertThat(new SecretRef("file:" + file).resolve()).isEqualTo("hmac-key");
    assertThatThrownBy(() -> env.resolve(n -> null)).hasMessage("secret env:TOKEN is not set in the environment");
  }
}
