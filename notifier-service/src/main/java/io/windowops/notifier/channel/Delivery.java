package io.windowops.notifier.channel;

import io.windowops.events.NoticeDue;
import io.windowops.notifier.ledger.DeliveryKey;
import io.windowops.notifier.message.RenderedMessage;
import io.windowops.notifier.policy.Target;
import java.util.Optional;

/**
 * One message to one target. {@code windowThread} is the channel id of the window's first
 * message on this target (Slack ts, Statuspage incident id), if there was one.
 */
public record Delivery(
    DeliveryKey key, Target target, NoticeDue notice, RenderedMessage message, Optional<String> windowThread) {}
