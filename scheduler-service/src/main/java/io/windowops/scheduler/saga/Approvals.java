package io.windowops.scheduler.saga;

import io.windowops.events.Approval;
import io.windowops.events.ApprovalGiven;
import java.util.List;

/** Whether an approval counts: the right role, not the requester (four-eyes), not twice. */
final class Approvals {

  private Approvals() {}

  /**
   * Rejects the approval (emitting CommandRejected) and returns the reason, or returns null when
   * it counts.
   */
  static String refusal(Change c, ApprovalGiven a, List<String> roles, boolean fourEyes, List<Approval> given) {
    if (fourEyes && a.getApprover().equals(c.state.getRequest().getRequester())) {
      return refuse(c, "approver", "SELF_APPROVAL",
          a.getApprover() + " requested this window and may not approve it (four-eyes)");
    }
    if (!roles.isEmpty() && !roles.contains(a.getRole())) {
      return refuse(c, "role", "ROLE_NOT_ALLOWED",
          "role '" + a.getRole() + "' cannot approve; one of " + roles + " is required");
    }
    if (given.stream().anyMatch(g -> g.getApprover().equals(a.getApprover()))) {
      return refuse(c, "approver", "DUPLICATE_APPROVAL", a.getApprover() + " already approved");
    }
    return null;
  }

  private static String refuse(Change c, String field, String code, String message) {
    c.reject("ApprovalGiven", field, code, message);
    return message;
  }
}
