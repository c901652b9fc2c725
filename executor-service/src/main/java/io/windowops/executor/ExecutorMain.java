package io.windowops.executor;

import io.windowops.platform.service.ServiceLauncher;

/** Runs the executor alone (one container per service); configuration from the environment. */
public final class ExecutorMain {

  private ExecutorMain() {}

  public static void main(String[] args) {
    ServiceLauncher.run(ExecutorVerticle::new);
  }
}
