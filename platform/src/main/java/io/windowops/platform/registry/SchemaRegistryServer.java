package io.windowops.platform.registry;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.windowops.platform.registry.RegistryState.StoredSchema;
import io.windowops.platform.registry.RegistryState.Version;
import io.windowops.schemas.registry.CompatibilityLevel;
import io.windowops.schemas.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WindowOps' embedded schema registry: the Confluent Schema Registry REST API, for Avro, over a
 * compacted Kafka topic, for local mode and tests. Production and {@code docker-compose} run
 * Confluent's own registry; clients cannot tell the two apart on the endpoints below.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /}</td><td>{@code {}}</td></tr>
 *   <tr><td>{@code GET /subjects}</td><td>every subject with a version</td></tr>
 *   <tr><td>{@code POST /subjects/{s}/versions}</td><td>register: {@code {"id": n}}</td></tr>
 *   <tr><td>{@code POST /subjects/{s}}</td><td>look a schema up under a subject</td></tr>
 *   <tr><td>{@code GET /subjects/{s}/versions[/{v}[/schema]]}</td><td>versions; {@code v} is a
 *       number or {@code latest}</td></tr>
 *   <tr><td>{@code GET /schemas/ids/{id}[/schema]}, {@code GET /schemas/types}</td><td>by id</td></tr>
 *   <tr><td>{@code POST /compatibility/subjects/{s}/versions[/{v}]}</td><td>{@code
 *       is_compatible}, with {@code messages} when {@code ?verbose=true}</td></tr>
 *   <tr><td>{@code GET|PUT /config}, {@code GET|PUT|DELETE /config/{s}}</td><td>levels (global
 *       default BACKWARD)</td></tr>
 * </table>
 *
 * <p>Errors are {@code {"error_code": n, "message": "..."}} with Confluent's codes: 40401, 40402,
 * 40403, 40408, 409, 42201, 42202, 42203, 50001, 50002, and 404/405 for unknown paths.
 *
 * <p>Threads: reads are answered on the event loop from an immutable snapshot; every change runs on
 * one dedicated store thread, which writes to Kafka ({@code acks=all}, idempotent) and waits for
 * the acknowledgement before answering; compatibility tests run on worker threads. Single writer:
 * run one registry per store topic (see {@link SchemaStore}).
 */
public class SchemaRegistryServer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final long MAX_BODY_BYTES = 8L * 1024 * 1024;
  private static final int LATEST = -1;

  private final SchemaRegistryOptions options;
  private SchemaStore store;
  private WorkerExecutor storeThread;
  private HttpServer http;

  public SchemaRegistryServer(SchemaRegistryOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public SchemaRegistryOptions options() {
    return options;
  }

  /** The port it listens on (the actual one when configured with 0). */
  public int port() {
    if (http == null) {
      throw new IllegalStateException("The schema registry is not started");
    }
    return http.actualPort();
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8081}. */
  public String url() {
    String host = options.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port();
  }

  @Override
  public Future<?> start() {
    storeThread =
        vertx.createSharedWorkerExecutor(
            "windowops-schema-store-" + INSTANCES.incrementAndGet(), 1, 10, TimeUnit.MINUTES);
    return storeThread
        .executeBlocking(this::openStore)
        .compose(
            opened -> {
              store = opened;
              return vertx
                  .createHttpServer(
                      new HttpServerOptions().setHost(options.host()).setPort(options.port()))
                  .requestHandler(router())
                  .listen();
            })
        .onSuccess(
            server -> {
              http = server;
              LOG.info("Schema registry listening at {} (store topic {})", url(), options.topic());
            })
        .recover(failure -> closeStore().transform(ignored -> Future.failedFuture(failure)));
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = http == null ? Future.succeededFuture() : http.close();
    return closed.transform(ignored -> closeStore());
  }

  private SchemaStore openStore() {
    SchemaStore opening = new SchemaStore(new SchemaLog(options));
    try {
      opening.open();
      return opening;
    } catch (RuntimeException e) {
      opening.close();
      throw e;
    }
  }

  private Future<Void> closeStore() {
    if (storeThread == null) {
      return Future.succeededFuture();
    }
    SchemaStore closing = store;
    store = null;
    Future<Void> closed =
        closing == null
            ? Future.succeededFuture()
            : storeThread.executeBlocking(
                () -> {
                  closing.close();
                  return null;
                });
    WorkerExecutor executor = storeThread;
    storeThread = null;
    return closed.transform(ignored -> executor.close());
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));

    router.get("/").handler(ctx -> ok(ctx, new JsonObject()));
    router.get("/subjects").handler(ctx -> read(ctx, state -> new JsonArray(state.subjects())));
    router.get("/schemas/types").handler(ctx -> ok(ctx, new JsonArray().add("AVRO")));
    router
        .get("/schemas/ids/:id")
        .handler(
            ctx ->
                read(ctx, state -> new JsonObject().put("schema", byId(state, ctx).canonical())));
    router
        .get("/schemas/ids/:id/schema")
        .handler(ctx -> read(ctx, state -> byId(state, ctx).canonical()));
    router
        .get("/subjects/:subject/versions")
        .handler(ctx -> read(ctx, state -> versions(state, ctx)));
    router
        .get("/subjects/:subject/versions/:version")
        .handler(ctx -> read(ctx, state -> versionJson(version(state, ctx))));
    router
        .get("/subjects/:subject/versions/:version/schema")
        .handler(ctx -> read(ctx, state -> version(state, ctx).schema().canonical()));
    router.post("/subjects/:subject/versions").handler(this::register);
    router.post("/subjects/:subject").handler(ctx -> read(ctx, state -> lookup(state, ctx)));
    router
        .post("/compatibility/subjects/:subject/versions/:version")
        .handler(ctx -> compute(ctx, () -> testCompatibility(ctx, ctx.pathParam("version"))));
    router
        .post("/compatibility/subjects/:subject/versions")
        .handler(ctx -> compute(ctx, () -> testCompatibility(ctx, null)));
    router
        .get("/config")
        .handler(ctx -> read(ctx, state -> levelJson("compatibilityLevel", state.globalLevel())));
    router.put("/config").handler(ctx -> setLevel(ctx, null));
    router.get("/config/:subject").handler(ctx -> read(ctx, state -> subjectLevel(state, ctx)));
    router.put("/config/:subject").handler(ctx -> setLevel(ctx, ctx.pathParam("subject")));
    router.delete("/config/:subject").handler(this::clearLevel);

    router.errorHandler(400, ctx -> error(ctx, RegistryError.http(400, "Bad Request")));
    router.errorHandler(404, ctx -> error(ctx, RegistryError.http(404, "Not Found")));
    router.errorHandler(405, ctx -> error(ctx, RegistryError.http(405, "Method Not Allowed")));
    router.errorHandler(
        413, ctx -> error(ctx, RegistryError.http(413, "Request Entity Too Large")));
    router.errorHandler(
        500,
        ctx -> {
          LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
          error(ctx, RegistryError.http(500, "Internal Server Error"));
        });
    return router;
  }

  // ---- handlers ----

  private void register(RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    Schema schema;
    try {
      schema = requestSchema(ctx);
    } catch (RegistryError e) {
      error(ctx, e);
      return;
    }
    SchemaStore target = store;
    respond(
        ctx,
        storeThread.executeBlocking(
            () -> new JsonObject().put("id", target.register(subject, schema))));
  }

  private JsonObject lookup(RegistryState state, RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    Schema schema = requestSchema(ctx);
    if (!state.hasSubject(subject)) {
      throw RegistryError.subjectNotFound(subject);
    }
    Version found =
        state
            .idOf(schema.toString())
            .flatMap(id -> state.versionWithId(subject, id))
            .orElseThrow(RegistryError::schemaNotFound);
    return versionJson(found);
  }

  private JsonObject testCompatibility(RoutingContext ctx, String versionText) {
    String subject = ctx.pathParam("subject");
    Schema schema = requestSchema(ctx);
    RegistryState state = store.snapshot();
    List<Version> against;
    if (versionText == null) {
      against = state.history(subject);
    } else {
      int version = parseVersion(versionText);
      if (version == LATEST) {
        // Confluent: nothing registered yet is compatible with anything.
        against = state.latest(subject).map(List::of).orElse(List.of());
      } else {
        if (!state.hasSubject(subject)) {
          throw RegistryError.subjectNotFound(subject);
        }
        against =
            List.of(
                state
                    .version(subject, version)
                    .orElseThrow(() -> RegistryError.versionNotFound(version)));
      }
    }
    List<String> problems =
        CompatibilityCheck.problems(state.effectiveLevel(subject), schema, against);
    JsonObject answer = new JsonObject().put("is_compatible", problems.isEmpty());
    if ("true".equalsIgnoreCase(ctx.queryParams().get("verbose"))) {
      answer.put("messages", new JsonArray(problems));
    }
    return answer;
  }

  private JsonObject subjectLevel(RegistryState state, RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    CompatibilityLevel level =
        state
            .subjectLevel(subject)
            .orElseGet(
                () -> {
                  if ("true".equalsIgnoreCase(ctx.queryParams().get("defaultToGlobal"))) {
                    return state.globalLevel();
                  }
                  throw RegistryError.subjectLevelNotConfigured(subject);
                });
    return levelJson("compatibilityLevel", level);
  }

  private void setLevel(RoutingContext ctx, String subject) {
    CompatibilityLevel level;
    try {
      Object requested = requestJson(ctx).getValue("compatibility");
      level =
          CompatibilityLevel.parse(requested instanceof String s ? s : null)
              .orElseThrow(RegistryError::invalidLevel);
    } catch (RegistryError e) {
      error(ctx, e);
      return;
    }
    SchemaStore target = store;
    respond(
        ctx,
        storeThread.executeBlocking(
            () -> levelJson("compatibility", target.setLevel(subject, level))));
  }

  private void clearLevel(RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    SchemaStore target = store;
    respond(
        ctx,
        storeThread.executeBlocking(
            () -> levelJson("compatibilityLevel", target.clearLevel(subject))));
  }

  // ---- request parsing ----

  private static JsonObject requestJson(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw RegistryError.badRequest("The request needs a JSON body");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw RegistryError.badRequest("The request body is not a JSON object: " + e.getMessage());
    }
  }

  /** The Avro schema of a register, lookup or compatibility request. */
  private static Schema requestSchema(RoutingContext ctx) {
    JsonObject body = requestJson(ctx);
    Object type = body.getValue("schemaType");
    if (type != null && !"AVRO".equalsIgnoreCase(type.toString())) {
      throw RegistryError.invalidSchema(
          "Schema type "
              + type
              + " is not supported: this registry (WindowOps' embedded one) stores AVRO schemas"
              + " only");
    }
    Object references = body.getValue("references");
    if (references instanceof JsonArray list && !list.isEmpty()) {
      throw RegistryError.invalidSchema("Schema references are not supported by this registry");
    }
    Object text = body.getValue("schema");
    if (!(text instanceof String schema) || schema.isBlank()) {
      throw RegistryError.invalidSchema("Empty schema");
    }
    try {
      return new Schema.Parser().parse(schema);
    } catch (RuntimeException e) {
      throw RegistryError.invalidSchema("Invalid schema: " + e.getMessage());
    }
  }

  private static int parseVersion(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("latest")) {
      return LATEST;
    }
    try {
      int version = Integer.parseInt(trimmed);
      if (version == LATEST) {
        return LATEST;
      }
      if (version < 1) {
        throw RegistryError.invalidVersion(text);
      }
      return version;
    } catch (NumberFormatException e) {
      throw RegistryError.invalidVersion(text);
    }
  }

  // ---- reads ----

  private static StoredSchema byId(RegistryState state, RoutingContext ctx) {
    int id;
    try {
      id = Integer.parseInt(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      // Confluent's REST layer answers a non-numeric id as an unknown path.
      throw RegistryError.http(404, "Not Found");
    }
    return state.schema(id).orElseThrow(() -> RegistryError.schemaNotFound(id));
  }

  private static JsonArray versions(RegistryState state, RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    if (!state.hasSubject(subject)) {
      throw RegistryError.subjectNotFound(subject);
    }
    return new JsonArray(List.copyOf(state.versions(subject).keySet()));
  }

  private static Version version(RegistryState state, RoutingContext ctx) {
    String subject = ctx.pathParam("subject");
    int version = parseVersion(ctx.pathParam("version"));
    if (!state.hasSubject(subject)) {
      throw RegistryError.subjectNotFound(subject);
    }
    return (version == LATEST ? state.latest(subject) : state.version(subject, version))
        .orElseThrow(() -> RegistryError.versionNotFound(version));
  }

  private static JsonObject versionJson(Version version) {
    return new JsonObject()
        .put("subject", version.subject())
        .put("version", version.version())
        .put("id", version.schema().id())
        .put("schema", version.schema().canonical());
  }

  private static JsonObject levelJson(String field, CompatibilityLevel level) {
    return new JsonObject().put(field, level.name());
  }

  // ---- answering ----

  /** Answers from the current snapshot, on the event loop (no blocking work). */
  private void read(RoutingContext ctx, Function<RegistryState, Object> answer) {
    try {
      ok(ctx, answer.apply(store.snapshot()));
    } catch (RuntimeException e) {
      failed(ctx, e);
    }
  }

  /** Answers from a worker thread, for CPU work such as compatibility checks. */
  private void compute(RoutingContext ctx, Callable<Object> answer) {
    respond(ctx, vertx.executeBlocking(answer, false));
  }

  private void respond(RoutingContext ctx, Future<?> answer) {
    answer.onComplete(
        result -> {
          if (result.succeeded()) {
            ok(ctx, result.result());
          } else {
            failed(ctx, result.cause());
          }
        });
  }

  private static void ok(RoutingContext ctx, Object body) {
    String text =
        body instanceof JsonObject o
            ? o.encode()
            : body instanceof JsonArray a ? a.encode() : body.toString();
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
        .end(text);
  }

  private static void failed(RoutingContext ctx, Throwable failure) {
    if (failure instanceof RegistryError e) {
      if (e.status() >= 500) {
        LOG.warn(
            "{} {} failed with {}: {}",
            ctx.request().method(),
            ctx.request().path(),
            e.errorCode(),
            e.getMessage(),
            e.getCause());
      }
      error(ctx, e);
    } else {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error(ctx, RegistryError.http(500, "Internal Server Error"));
    }
  }

  private static void error(RoutingContext ctx, RegistryError e) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(e.status())
        .putHeader("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
        .end(e.body().encode());
  }
}
