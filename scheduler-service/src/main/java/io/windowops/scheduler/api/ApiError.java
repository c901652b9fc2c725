package io.windowops.scheduler.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The API's one error shape: {@code {error, details: [{field, problem}]}}. */
record ApiError(int status, String error, List<FieldProblem> details) {

  /** What is wrong with one field of the request. */
  record FieldProblem(String field, String problem) {}

  static ApiError of(int status, String error) {
    return new ApiError(status, error, List.of());
  }

  void send(RoutingContext ctx) {
    JsonArray problems = new JsonArray();
    details.forEach(d -> problems.add(new JsonObject().put("field", d.field()).put("problem", d.problem())));
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", error).put("details", problems).encode());
  }
}
