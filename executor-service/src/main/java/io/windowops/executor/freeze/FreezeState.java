package io.windowops.executor.freeze;

import io.windowops.events.FreezeAll;
import io.windowops.events.RequestEnvelope;
import io.windowops.events.Unfreeze;
import io.windowops.schemas.FreezeKey;
import java.time.Instant;

/**
 * The global emergency freeze as the last FreezeAll/Unfreeze under {@link FreezeKey#WINDOW_ID}
 * left it. {@code since}, {@code reason} and {@code operator} are null while nothing was ever
 * frozen.
 */
public record FreezeState(boolean frozen, String reason, String operator, Instant since) {

  /** Before any freeze event: steps run. */
  public static final FreezeState LIFTED = new FreezeState(false, null, null, null);

  /**
   * The state after {@code event}, read from the freeze key's partition of the requests topic.
   * Events of other keys (windows sharing the partition) and other payloads leave it as is.
   */
  public FreezeState after(String key, RequestEnvelope event) {
    if (!FreezeKey.WINDOW_ID.equals(key) || event == null) {
      return this;
    }
    Instant at = event.getMetadata().getOccurredAt();
    if (event.getPayload() instanceof FreezeAll f) {
      return new FreezeState(true, f.getReason(), f.getOperator(), at);
    }
    if (event.getPayload() instanceof Unfreeze u) {
      return new FreezeState(false, u.getReason(), u.getOperator(), at);
    }
    return this;
  }
}
