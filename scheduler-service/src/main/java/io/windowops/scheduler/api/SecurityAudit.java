package io.windowops.scheduler.api;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every refused API call (no or unknown token, missing role, approval role not held) as
 * one structured log line on the logger {@value #LOGGER}: who (the principal, or {@code
 * anonymous}), what (method and path), the status and why. The token itself is never logged.
 */
final class SecurityAudit {

  static final String LOGGER = "windowops.security.audit";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private SecurityAudit() {}

  static void refused(RoutingContext ctx, String actor, int status, String reason) {
    String method = ctx.request().method().name();
    String route = ctx.request().path();
    // Key-value pairs for JSON logs; the same facts in the message for text logs.
    LOG.atWarn()
        .addKeyValue("actor", actor)
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("reason", reason)
        .log("API call refused: actor={} method={} route={} status={} reason={}", actor, method, route, status, reason);
  }
}
