package io.windowops.scheduler.policy;

import io.windowops.scheduler.policy.WindowPolicy.ApprovalRule;
import java.time.Instant;

/**
 * The fact to record when an emergency window runs inside a freeze: which freeze it overrides and
 * the stricter approvals that override demands. The saga publishes it as its own event, so an
 * override is never silent.
 */
public record FreezeOverride(
    String windowId,
    String freezeId,
    String freezeName,
    Instant freezeStart,
    Instant freezeEnd,
    ApprovalRule approvals) {}
