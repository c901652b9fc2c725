package io.windowops.executor.action;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream to its end keeping only the first bytes: {@code limit} plus room for the longest
 * secret, so redaction happens before the cut and never leaves half a secret behind.
 */
final class CapturedOutput {

  private final int limit;
  private final int keep;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long total;

  CapturedOutput(int limit, int slack) {
    this.limit = limit;
    this.keep = limit + slack;
  }

  void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        synchronized (this) {
          int room = (int) Math.max(0, keep - kept.size());
          kept.write(buffer, 0, Math.min(room, n));
          total += n;
        }
      }
    } catch (IOException e) {
      // The stream closes when the process tree is killed: what was read is the output.
    }
  }

  /** The redacted text cut to the limit (in characters of the decoded text, at most limit bytes). */
  synchronized Text text(Redactor redactor) {
    String all = redactor.redact(kept.toString(StandardCharsets.UTF_8));
    byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= limit && total <= keep) {
      return new Text(all, false);
    }
    String cut = new String(bytes, 0, Math.min(limit, bytes.length), StandardCharsets.UTF_8);
    // Drop a trailing replacement char from a multi-byte character split at the limit.
    if (cut.endsWith("\uFFFD")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return new Text(cut, true);
  }

  record Text(String text, boolean truncated) {}
}
