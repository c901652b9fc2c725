package io.windowops.notifier.policy;

import java.util.Optional;

/** The SMTP server email targets are sent through. */
public record SmtpSettings(
    String host, int port, StartTls startTls, boolean ssl, Optional<String> username, Optional<SecretRef> password) {

  /** Whether STARTTLS is refused, used when offered, or required. */
  public enum StartTls {
    DISABLED,
    OPTIONAL,
    REQUIRED
  }
}
