package io.windowops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code windowops} command: local mode, single services, and (later) the operator CLI. */
@Command(
    name = "windowops",
    description = "Runs planned maintenance windows end to end on Apache Kafka.",
    mixinStandardHelpOptions = true,
    version = "WindowOps 0.1.0",
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      ServiceCommand.class,
      AuditCommand.class,
      ReviewCommand.class,
      ReplayCommand.class,
      ChaosCommand.class,
      SubmitCommand.class,
      StatusCommand.class,
      ApproveCommand.class,
      RescheduleCommand.class,
      AbortCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      CancelCommand.class,
      CalendarCommand.class
    })
public final class WindowOpsCommand implements Runnable {

  @Spec CommandSpec spec;

  /** Without a subcommand, say what there is. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new WindowOpsCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
