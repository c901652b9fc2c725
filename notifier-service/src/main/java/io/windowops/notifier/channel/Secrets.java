package io.windowops.notifier.channel;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.windowops.notifier.policy.SecretRef;

/**
 * Resolves secret references on a worker thread (a {@code file:} reference reads the file
 * system), at the moment of use so rotated secrets are picked up without a restart.
 */
public final class Secrets {

  private final Vertx vertx;

  public Secrets(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<String> resolve(SecretRef ref) {
    return vertx.executeBlocking(ref::resolve, false);
  }
}
