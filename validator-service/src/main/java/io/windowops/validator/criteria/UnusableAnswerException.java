package io.windowops.validator.criteria;

/** A source answered, but not with anything a criterion can be judged on (inconclusive). */
public final class UnusableAnswerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnusableAnswerException(String message) {
    super(message, null, false, false);
  }
}
