package io.windowops.validator.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Resolves a parameter value that may be a secret reference, at the moment it is used: {@code
 * env:NAME} reads an environment variable, {@code file:/path} a file (trailing newline dropped);
 * anything else is a plain value. Resolved values are never logged or recorded.
 */
final class SecretResolver {

  private final Vertx vertx;

  SecretResolver(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<String> resolve(String value) {
    if (value.startsWith("env:")) {
      String name = value.substring(4);
      String secret = System.getenv(name);
      return secret == null
          ? Future.failedFuture(new IllegalArgumentException("environment variable " + name + " is not set"))
          : Future.succeededFuture(secret);
    }
    if (value.startsWith("file:")) {
      String path = value.substring(5);
      return vertx.fileSystem()
          .readFile(path)
          .map(b -> b.toString().strip())
          .recover(e -> Future.failedFuture(new IllegalArgumentException("cannot read secret file " + path)));
    }
    return Future.succeededFuture(value);
  }
}
