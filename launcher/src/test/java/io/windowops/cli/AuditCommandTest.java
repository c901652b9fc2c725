package io.windowops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("windowops audit, its command line")
class AuditCommandTest {

  @Test
  @DisplayName("wants exactly one of WINDOW_ID and --all, and a range that ends after it starts")
  void usage() {
    assertThat(run("audit").exit).isEqualTo(ExitCodes.USAGE);
    assertThat(run("audit", "MNT-1", "--all").err).contains("either WINDOW_ID or --all");
    assertThat(run("audit", "--all", "--since", "2026-12-02", "--until", "2026-12-01").err).contains("--until must be after --since");
    assertThat(run("audit", "MNT-1", "--until", "12/01/2026").err).contains("not an ISO-8601 date-time");
  }

  @Test
  @DisplayName("exits 4 naming Kafka and the registry when the broker cannot be reached")
  void unreachable() {
    System.setProperty("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
    try {
      Run run = run("audit", "MNT-1");
      assertThat(run.exit).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(run.err).contains("Cannot read the topics", "127.0.0.1:1");
    } finally {
      System.clearProperty("KAFKA_BOOTSTRAP_SERVERS");
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new WindowOpsCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
