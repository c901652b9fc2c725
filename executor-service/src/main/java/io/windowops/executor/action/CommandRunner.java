package io.windowops.executor.action;

import io.windowops.events.StepStatus;
import io.windowops.executor.catalog.Action;
import io.windowops.executor.catalog.Value;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code command} action: an argv list with no shell, in the declared working directory,
 * with only the allowed environment. On timeout the whole process tree is killed. Combined
 * stdout/stderr is captured, redacted and truncated; lines {@code ::output name=value} record
 * the declared outputs. A {@link Cancellation} kills the tree the same way and ends the run
 * INTERRUPTED once the process is gone. Blocking: call it on a worker thread.
 */
public final class CommandRunner {

  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
  private static final Pattern OUTPUT_LINE = Pattern.compile("^::output ([A-Za-z][A-Za-z0-9_]*)=(.*)$", Pattern.MULTILINE);
  private static final long READER_GRACE_MS = 2_000;

  private final Map<String, String> environment;

  public CommandRunner(Map<String, String> environment) {
    this.environment = environment;
  }

  public ActionResult run(ActionRequest request, Action.Command spec) throws InterruptedException {
    return run(request, spec, Cancellation.none());
  }

  public ActionResult run(ActionRequest request, Action.Command spec, Cancellation cancellation) throws InterruptedException {
    Redactor redactor = new Redactor();
    Resolver resolver = new Resolver(request.bound(), environment, redactor);
    List<String> argv = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    try {
      for (Value v : spec.argv()) {
        String arg = resolver.resolve(v);
        if (arg != null) {
          argv.add(arg);
        }
      }
      for (String name : spec.inheritEnv()) {
        String value = environment.get(name);
        if (value != null) {
          env.put(name, value);
        }
      }
      for (Map.Entry<String, Value> e : spec.env().entrySet()) {
        String value = resolver.resolve(e.getValue());
        if (value != null) {
          env.put(e.getKey(), value);
        }
      }
    } catch (IllegalStateException e) {
      return ActionResult.failed(e.getMessage());
    }
    if (cancellation.cancelled()) {
      return cancelled(cancellation, "", false, Map.of());
    }
    ProcessBuilder builder = new ProcessBuilder(argv).directory(new File(spec.workdir().toString())).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process;
    try {
      process = builder.start();
    } catch (java.io.IOException e) {
      return ActionResult.failed(redactor.redact("cannot start " + argv.get(0) + ": " + e.getMessage()));
    }
    try {
      process.getOutputStream().close(); // the program reads no input from us
    } catch (java.io.IOException ignored) {
      // already closed
    }
    CapturedOutput output = new CapturedOutput(spec.maxOutputBytes(), redactor.longestSecretBytes() + 64);
    Thread reader = new Thread(() -> output.drain(process.getInputStream()), "output-" + request.key());
    reader.setDaemon(true);
    reader.start();
    boolean exited;
    try {
      exited = awaitExit(process, request.timeout(), cancellation);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!exited) {
      killTree(process);
      process.waitFor(5, TimeUnit.SECONDS);
    }
    // A grandchild that escaped the tree may still hold the pipe open: do not wait for it forever.
    reader.join(READER_GRACE_MS);
    if (reader.isAlive()) {
      try {
        process.getInputStream().close();
      } catch (java.io.IOException ignored) {
        // closing is best effort
      }
    }
    CapturedOutput.Text text = output.text(redactor);
    Map<String, String> outputs = outputs(text.text(), request.bound().action().outputs());
    if (!exited && cancellation.cancelled()) {
      return cancelled(cancellation, text.text(), text.truncated(), outputs);
    }
    if (!exited) {
      return new ActionResult(
          StepStatus.TIMED_OUT, null, text.text(), text.truncated(),
          "killed after " + request.timeout() + " (process tree)", outputs);
    }
    int exit = process.exitValue();
    return new ActionResult(
        exit == 0 ? StepStatus.SUCCEEDED : StepStatus.FAILED,
        exit,
        text.text(),
        text.truncated(),
        exit == 0 ? null : argv.get(0) + " exited with " + exit,
        outputs);
  }

  /** Whether the process exited before its timeout and before a cancellation. */
  private static boolean awaitExit(Process process, java.time.Duration timeout, Cancellation cancellation)
      throws InterruptedException {
    try {
      CompletableFuture.anyOf(process.onExit(), cancellation.whenCancelled()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // fall through: still alive, so killed as timed out
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for process " + process.pid() + " failed", e);
    }
    return !process.isAlive();
  }

  private static ActionResult cancelled(Cancellation cancellation, String output, boolean truncated, Map<String, String> outputs) {
    String reason = cancellation.reason().orElse("no reason given");
    return new ActionResult(StepStatus.INTERRUPTED, null, output, truncated, Cancellation.error(reason), outputs);
  }

  /** Kills the process and every descendant, found before killing so none is orphaned first. */
  static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroyForcibly();
    for (ProcessHandle h : tree) {
      h.descendants().forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
    }
    LOG.info("Killed process {} and {} descendants", process.pid(), tree.size());
  }

  private static Map<String, String> outputs(String text, List<String> declared) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = OUTPUT_LINE.matcher(text);
    while (m.find()) {
      if (declared.contains(m.group(1))) {
        out.put(m.group(1), m.group(2).strip());
      }
    }
    return out;
  }
}
