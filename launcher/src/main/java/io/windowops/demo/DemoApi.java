package io.windowops.demo;

import io.vertx.core.json.JsonObject;
import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's REST API as the demo's people use it, with the development tokens published in
 * {@code examples/api-tokens.yaml} (local mode only): a requester, an incident commander and an
 * engineering manager (the two approvals an emergency needs), and an auditor who reads. The calls
 * go through the CLI's {@link SchedulerClient}, one client per person.
 */
public final class DemoApi {

  static final String REQUESTER = "requester-dev-token";
  static final List<String> APPROVERS = List.of("incident-dev-token", "manager-dev-token");
  static final String AUDITOR = "auditor-dev-token";

  private final SchedulerClient requester;
  private final List<SchedulerClient> approvers;
  private final SchedulerClient auditor;

  public DemoApi(String base) {
    this.requester = new SchedulerClient(base, REQUESTER);
    this.approvers = APPROVERS.stream().map(token -> new SchedulerClient(base, token)).toList();
    this.auditor = new SchedulerClient(base, AUDITOR);
  }

  /** Requests the window and gives both approvals; fails with the API's answer if refused. */
  public void requestApproved(JsonObject window) throws IOException {
    String id = window.getString("windowId");
    expect(call(() -> requester.post("/windows", window)), "request " + id, 201, 202);
    for (SchedulerClient approver : approvers) {
      expect(call(() -> approver.post(SchedulerClient.windowPath(id, "/approve"), new JsonObject())), "approve " + id, 202);
    }
  }

  /** The window as the API shows it; empty until the scheduler has recorded it. */
  public Optional<JsonObject> window(String id) throws IOException {
    Answer r = call(() -> auditor.get(SchedulerClient.windowPath(id, "")));
    if (r.status() == 404) {
      return Optional.empty();
    }
    expect(r, "read " + id, 200);
    return Optional.of(r.body());
  }

  private interface Call {
    Answer run() throws UnreachableException;
  }

  private static Answer call(Call call) throws IOException {
    try {
      return call.run();
    } catch (UnreachableException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static void expect(Answer r, String what, int... statuses) throws IOException {
    for (int s : statuses) {
      if (r.status() == s) {
        return;
      }
    }
    String hint = r.status() == 401 || r.status() == 403
        ? " (the demo uses the development tokens of examples/api-tokens.yaml: point WINDOWOPS_API_TOKENS_FILE there)"
        : "";
    throw new IOException(what + ": HTTP " + r.status() + " " + r.text() + hint);
  }
}
