package io.windowops.chaos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service instance in its own JVM, started as {@code windowops service NAME} from the
 * driver's classpath, with its own instance id and HTTP port. {@link #kill()} is a hard stop
 * (SIGKILL: no shutdown hook, no commit, no flush), {@link #start()} brings the same instance
 * back (same id, same port), as a supervisor would.
 */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String service;
  private final String instanceId;
  private final int httpPort;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  /** Ready and not being killed: the only state in which the chaos may pick it. */
  private volatile boolean up;
  /** Set by {@link #destroy()}: a restart still under way must not start a process after it. */
  private volatile boolean closed;

  ServiceProcess(String service, String instanceId, int httpPort, Map<String, String> environment, Path log) {
    this.service = service;
    this.instanceId = instanceId;
    this.httpPort = httpPort;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  String service() {
    return service;
  }

  String instanceId() {
    return instanceId;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Where the instance's stdout and stderr (its JSON log lines) are appended, across restarts. */
  Path log() {
    return log;
  }

  /** Starts the instance (killing a previous process of it first, so there is never a second one). */
  synchronized void start() throws IOException, InterruptedException {
    kill();
    if (closed) {
      throw new IllegalStateException(instanceId + " is shut down");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: eight of these share two cores with the broker.
    command.addAll(List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.windowops.cli.WindowOpsCommand", "service", service));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().put("WINDOWOPS_INSTANCE_ID", instanceId);
    builder.environment().put("HTTP_HOST", "127.0.0.1");
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    builder.directory(new File(System.getProperty("user.dir")));
    process = builder.start();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  boolean up() {
    return up;
  }

  /** SIGKILL, and wait until the process is gone. */
  synchronized void kill() throws InterruptedException {
    up = false;
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGKILL without waiting (for a shutdown hook). */
  void destroy() {
    closed = true;
    Process current = process;
    if (current != null) {
      current.destroyForcibly();
    }
  }

  /** Waits until {@code /health/ready} answers 200 (consumers assigned, inputs caught up). */
  void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Process current;
      synchronized (this) {
        current = process;
      }
      if (!current.isAlive()) {
        throw new IllegalStateException(instanceId + " exited with " + current.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          up = true;
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(instanceId + " was not ready within " + timeout + "; see " + log);
  }

  @Override
  public String toString() {
    return instanceId;
  }
}
