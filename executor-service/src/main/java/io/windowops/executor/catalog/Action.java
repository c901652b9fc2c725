package io.windowops.executor.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One operator-declared action. Events name it and pass parameters; everything that runs comes
 * from here.
 *
 * @param idempotent safe to run again after an interruption (the ledger then re-runs it)
 * @param timeout the longest one run may take; a step's own timeout can only shorten it
 * @param outputs names of values the action may record for later steps and its compensation
 */
public record Action(
    String name,
    String description,
    boolean idempotent,
    Duration timeout,
    Map<String, ParamSpec> params,
    List<String> outputs,
    Spec spec) {

  /** What kind of action it is, with its settings. */
  public sealed interface Spec {
    String type();
  }

  /** Runs a program with an argv list (never a shell), capturing combined stdout and stderr. */
  public record Command(
      List<Value> argv,
      Path workdir,
      List<String> inheritEnv,
      Map<String, Value> env,
      int maxOutputBytes)
      implements Spec {
    @Override
    public String type() {
      return "command";
    }
  }

  /**
   * An HTTP request. {@code url} parts are concatenated, parameter parts percent-encoded; {@code
   * body} is YAML content sent as JSON, whose string leaves may be whole {@link Value}s.
   */
  public record Http(
      String method,
      List<Value> url,
      Map<String, Value> headers,
      Object body,
      Set<Integer> expectStatus,
      int maxOutputBytes)
      implements Spec {
    @Override
    public String type() {
      return "http";
    }
  }

  /** An Alertmanager silence; run as a compensation it expires the silence it created. */
  public record Silence(
      List<Value> url, List<Matcher> matchers, Duration duration, String createdBy)
      implements Spec {
    @Override
    public String type() {
      return "alertmanager.silence";
    }
  }

  /** One Alertmanager matcher; {@code equal=false} negates it. */
  public record Matcher(String name, Value value, boolean regex, boolean equal) {}

  /** A soak period; cancelled when the executor stops. */
  public record Wait(Value duration) implements Spec {
    @Override
    public String type() {
      return "wait";
    }
  }
}
