package io.windowops.validator.ledger;

import io.windowops.events.ValidationProgress;

/** One record read back from the progress ledger. */
public record LedgerEntry(String key, int partition, ValidationProgress progress) {

  /** Whether this is the entry written when the command was accepted. */
  public boolean accepted() {
    return ProgressKeys.isAccepted(key);
  }

  /** The validation's key, {@code <windowId>/<validationId>}, for both kinds of entry. */
  public String validationKey() {
    return ProgressKeys.progressKey(progress.getWindowId(), progress.getValidationId());
  }
}
