package io.windowops.notifier.policy;

/** The routing policy is invalid; the message names the file and the offending field. */
public final class PolicyException extends IllegalArgumentException {

  public PolicyException(String path, String problem) {
    super(path + ": " + problem);
  }
}
