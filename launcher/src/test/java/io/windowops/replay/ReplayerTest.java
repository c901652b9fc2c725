package io.windowops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.windowops.events.CompensateStep;
import io.windowops.events.RequestEnvelope;
import io.windowops.scheduler.admission.Admission;
import io.windowops.scheduler.policy.MaintenancePolicy;
import io.windowops.scheduler.saga.Decider;
import io.windowops.scheduler.saga.Decision;
import io.windowops.scheduler.saga.WindowSaga;
import io.windowops.schemas.Topic;
import io.windowops.schemas.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The replay on the committed recording of a real run, without a broker: given the recorded
 * topics, when {@code decide} runs again (as it is, or with a rule changed), then exactly the
 * windows the change affects are reported, at the input where they part.
 */
@DisplayName("The replay")
class ReplayerTest {

  static final String FIXTURE = "/replay/recorded-run.jsonl";
  static final Path POLICY = Paths.get("..", "examples", "policies.yaml").toAbsolutePath().normalize();

  private static Recording recording;
  private static String completed;
  private static String rolledBack;
  private static String conflicting;

  @BeforeAll
  static void load() throws IOException {
    recording = fixture().decode();
    completed = windowStartingWith("MNT-REPLAY-DONE-");
    rolledBack = windowStartingWith("MNT-REPLAY-ABORT-");
    conflicting = windowStartingWith("MNT-REPLAY-CONFLICT-");
  }

  static RecordingFile fixture() throws IOException {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(ReplayerTest.class.getResourceAsStream(FIXTURE), StandardCharsets.UTF_8))) {
      return RecordingFile.read(in);
    }
  }

  private static String windowStartingWith(String prefix) {
    return recording.inputs().stream().map(Recorded::key).filter(k -> k.startsWith(prefix)).findFirst().orElseThrow();
  }

  /** Our three windows and the recurring ones the scheduler requested ahead by itself. */
  private static long windowsWithState() {
    return recording.outputs().stream()
        .filter(r -> r.topic().equals(Topics.WINDOW_STATE.name())).map(Recorded::key).distinct().count();
  }

  private static WindowSaga saga(String policyYaml) {
    return new WindowSaga(policy(policyYaml));
  }

  private static MaintenancePolicy policy(String policyYaml) {
    return MaintenancePolicy.parse(policyYaml, "policies.yaml");
  }

  /** The saga and the admission as the scheduler builds them from the policy. */
  private static Replayer replayer(String policyYaml) {
    return new Replayer(saga(policyYaml), new Admission(policy(policyYaml)));
  }

  /** A changed saga, with the example policy's admission. */
  private static Replayer replayer(Decider saga) throws IOException {
    return new Replayer(saga, new Admission(policy(examplePolicy())));
  }

  private static List<Recorded> on(Topic<?> topic) {
    return recording.outputs().stream().filter(r -> r.topic().equals(topic.name())).toList();
  }

  /** The admission owner's answers: saga inputs on the requests topic. */
  private static long answers() {
    return recording.inputs().stream().filter(r -> r.type().equals("SlotGranted") || r.type().equals("SlotRefused")).count();
  }

  private static String examplePolicy() throws IOException {
    return Files.readString(POLICY);
  }

  @Test
  @DisplayName("finds no difference in the recorded run of a completed, a rejected and a rolled-back window, admission included")
  void recordedRunReplaysClean() throws IOException {
    ReplayReport report = replayer(examplePolicy()).replay(recording);

    assertThat(report.differences()).isEmpty();
    assertThat(report.incomplete()).isEmpty();
    assertThat(report.windows()).isEqualTo(windowsWithState()).isGreaterThanOrEqualTo(3);
    // Every saga input, and every slot claim and release decided again by the admission.
    assertThat(on(Topics.ADMISSIONS)).isNotEmpty();
    assertThat(report.inputs()).isEqualTo(recording.inputs().size() + on(Topics.ADMISSIONS).size());
    // Every saga output (the reservations changelog included), and every answer as an admission output.
    assertThat(on(Topics.RESERVATIONS)).isNotEmpty();
    assertThat(report.outputsCompared()).isEqualTo(recording.outputs().size() + answers());
  }

  @Test
  @DisplayName("reports both approved emergencies when the emergency approval count changes, at their granted slot")
  void changedApprovalCountIsFound() throws IOException {
    String policy = examplePolicy();
    String emergencyApprovals = "roles: [incident-commander, engineering-manager, vp-engineering, cto]\n      count: 2";
    assertThat(policy).contains(emergencyApprovals);

    ReplayReport report =
        replayer(policy.replace(emergencyApprovals, emergencyApprovals.replace("count: 2", "count: 1"))).replay(recording);

    assertThat(report.differences()).extracting(Difference::windowId).containsExactlyInAnyOrder(completed, rolledBack);
    for (Difference d : report.differences()) {
      // A new window asks for approvals once the admission owner granted its slot.
      assertThat(d.input()).contains("SlotGranted");
      assertThat(d.output()).isEqualTo(Topics.WINDOWS.name() + " record 1 of the decision");
      assertThat(d.expected()).startsWith("ApprovalNeeded").contains("\"approvalsRequired\": 1");
      assertThat(d.recorded()).startsWith("ApprovalNeeded").contains("\"approvalsRequired\": 2");
    }
  }

  @Test
  @DisplayName("reports only the rolled-back window when compensations are no longer commanded")
  void changedCompensationIsFound() throws IOException {
    Decider saga = saga(examplePolicy());
    Decider withoutCompensations = (state, input, now) -> {
      Decision d = saga.decide(state, input, now);
      List<io.windowops.events.StepCommandEnvelope> kept = new ArrayList<>(d.stepCommands());
      kept.removeIf(c -> c.getPayload() instanceof CompensateStep);
      return new Decision(d.state(), d.events(), kept, d.validationCommands(), d.admissionCommands());
    };

    ReplayReport report = replayer(withoutCompensations).replay(recording);

    assertThat(report.differences()).hasSize(1);
    Difference d = report.differences().get(0);
    assertThat(d.windowId()).isEqualTo(rolledBack);
    assertThat(d.output()).startsWith(Topics.STEPS.name());
    assertThat(d.expected()).isEqualTo("nothing");
    assertThat(d.recorded()).startsWith("CompensateStep");
  }

  @Test
  @DisplayName("reports the window rejected for a conflict, at its slot claim, when the admission ignores other windows")
  void conflictBlindAdmissionIsFound() throws IOException {
    MaintenancePolicy policy = policy(examplePolicy());

    ReplayReport report = new Replayer(new WindowSaga(policy), new Admission(new ConflictBlindPolicy(policy))).replay(recording);

    assertThat(report.differences()).extracting(Difference::windowId).containsExactly(conflicting);
    Difference d = report.differences().get(0);
    assertThat(d.input()).startsWith(Topics.ADMISSIONS.name()).contains("ReserveSlot");
    assertThat(d.output()).isEqualTo(Topics.REQUESTS.name() + " answer");
    assertThat(d.expected()).startsWith("SlotGranted");
    assertThat(d.recorded()).startsWith("SlotRefused").contains("CONFLICT").contains(completed);
  }

  @Test
  @DisplayName("reports an admission partition whose changelog lost a granted claim as incomplete, not as a difference")
  void compactedChangelogIsIncomplete() throws IOException {
    Recorded claim = on(Topics.RESERVATIONS).stream()
        .filter(r -> r.value() != null && r.key().startsWith(completed + "/")).findFirst().orElseThrow();
    List<Recorded> records = new ArrayList<>(recording.inputs());
    recording.outputs().stream().filter(r -> r != claim).forEach(records::add);

    ReplayReport report = replayer(examplePolicy()).replay(Recording.of(records, 0));

    assertThat(report.differences()).isEmpty();
    assertThat(report.incomplete())
        .containsOnlyKeys(Topics.ADMISSIONS.name() + "[" + claim.partition() + "]");
    assertThat(report.incomplete().values().iterator().next()).contains(claim.key()).contains("compacted");
  }

  @Test
  @DisplayName("reports a window whose state history has a gap as incomplete, and replays the others")
  void gapInTheStateHistoryIsIncomplete() throws IOException {
    List<Recorded> records = new ArrayList<>(recording.inputs());
    List<Recorded> snapshots = recording.outputs().stream()
        .filter(r -> r.topic().equals(Topics.WINDOW_STATE.name()) && r.key().equals(completed)).toList();
    Recorded compacted = snapshots.get(snapshots.size() / 2);
    recording.outputs().stream().filter(r -> r != compacted).forEach(records::add);

    ReplayReport report = replayer(examplePolicy()).replay(Recording.of(records, 0));

    assertThat(report.incomplete()).containsOnlyKeys(completed);
    assertThat(report.differences()).isEmpty();
    assertThat(report.windows()).isEqualTo(windowsWithState() - 1);
  }

  @Test
  @DisplayName("reports an input the scheduler left without a decision that decide would now act on")
  void undecidedInputThatNowActsIsFound() throws IOException {
    // A second abort of the rolled-back window, after everything, as if the scheduler had dropped it.
    Recorded abort = recording.inputs().stream()
        .filter(r -> r.key().equals(rolledBack) && r.type().equals("AbortRequested")).findFirst().orElseThrow();
    RequestEnvelope again = RequestEnvelope.newBuilder((RequestEnvelope) abort.value()).build();
    again.getMetadata().setEventId(UUID.randomUUID().toString());
    long last = recording.inputs().stream().mapToLong(Recorded::timestamp).max().orElseThrow();
    List<Recorded> records = new ArrayList<>(recording.inputs());
    records.add(new Recorded(abort.topic(), abort.partition(), Long.MAX_VALUE, last + 1_000, rolledBack, again));
    records.addAll(recording.outputs());

    ReplayReport report = replayer(examplePolicy()).replay(Recording.of(records, 0));

    assertThat(report.differences()).extracting(Difference::windowId).containsExactly(rolledBack);
    Difference d = report.differences().get(0);
    assertThat(d.input()).contains("AbortRequested").contains(again.getMetadata().getEventId());
    assertThat(d.recorded()).isEqualTo("nothing");
    assertThat(d.expected()).startsWith("CommandRejected").contains("NOT_ABORTABLE");
  }
}
