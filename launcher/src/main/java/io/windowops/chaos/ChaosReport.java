package io.windowops.chaos;

/**
 * What a chaos run counted. {@code lost} is windows that never reached a terminal state, steps the
 * topics call succeeded whose side effect is missing from the sink, and notices that fell due and
 * never reached the receiver; duplicates are extra sink lines and extra webhook deliveries.
 */
public record ChaosReport(
    int rounds,
    int windows,
    int kills,
    int brokerRestarts,
    int lostWindows,
    int lostSteps,
    int lostNotices,
    long duplicateSteps,
    long duplicateNotices,
    int completed,
    int rolledBack,
    int missed,
    int otherTerminal,
    long stepEffects,
    long notices) {

  public int lost() {
    return lostWindows + lostSteps + lostNotices;
  }

  /** The one line {@code windowops chaos} ends with. */
  public String summary() {
    return "rounds=" + rounds + " windows=" + windows + " kills=" + kills + " lost=" + lost()
        + " duplicate_steps=" + duplicateSteps + " duplicate_notices=" + duplicateNotices;
  }

  /** The breakdown behind the summary. */
  public String details() {
    return "terminal: completed=" + completed + " rolled_back=" + rolledBack + " missed=" + missed + " other=" + otherTerminal
        + "; step side effects=" + stepEffects + ", notices delivered=" + notices
        + "; lost: windows=" + lostWindows + " steps=" + lostSteps + " notices=" + lostNotices
        + "; broker_restarts=" + brokerRestarts;
  }
}
