package io.windowops.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking client for the Confluent Schema Registry REST API (Kafka serializers are synchronous),
 * for Avro schemas. It works against Confluent's registry and against WindowOps' embedded one.
 *
 * <p>Caches: the id of a schema under a subject (an id never changes once registered) and the
 * schema of an id (ids are immutable). Versions, subjects and compatibility settings are always
 * asked for, as they change. Thread-safe; one instance per process is enough.
 *
 * <p>{@code url} may list several registries separated by commas; a connection failure moves on to
 * the next one. Credentials may come in the URL ({@code https://user:secret@host}) or from {@link
 * Builder#basicAuth}; they are sent as HTTP basic authentication and appear in no message or log
 * line.
 *
 * <p>Failures are {@link SchemaRegistryException}s telling an API error (with Confluent's {@code
 * error_code}) from an unreachable registry.
 */
public final class SchemaRegistryClient {

  /** The media type of the API, sent as {@code Content-Type} of every request body. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final String ACCEPT =
      CONTENT_TYPE + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private final List<String> baseUrls;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> idsBySubject =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private volatile int preferredUrl;

  /** A client with the default timeouts; {@code url} as described in the class comment. */
  public SchemaRegistryClient(String url) {
    this(builder(url));
  }

  private SchemaRegistryClient(Builder builder) {
    List<String> urls = new ArrayList<>();
    String userInfo = builder.userInfo;
    for (String raw : builder.urls.split(",")) {
      if (raw.isBlank()) {
        continue;
      }
      URI uri = parseUrl(raw.trim());
      if (uri.getRawUserInfo() != null && userInfo == null) {
        userInfo = decode(uri.getRawUserInfo());
      }
      urls.add(withoutUserInfo(uri));
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("Schema registry URL is empty");
    }
    this.baseUrls = List.copyOf(urls);
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = builder.requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(builder.connectTimeout)
            .build();
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  /** The registry URL(s), without credentials. */
  public String url() {
    return String.join(",", baseUrls);
  }

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its id. Registering a schema the subject already has returns the existing id; the
   * answer is cached, so a serializer calls the registry once per schema.
   *
   * @throws SchemaRegistryException e.g. {@link SchemaRegistryException#isIncompatible()} when the
   *     subject's compatibility level rejects it
   */
  public int register(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    ConcurrentMap<Schema, Integer> ids = idsOf(subject);
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    Answer answer =
        call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
    int id = answer.intField("id");
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /**
   * The id of {@code schema} under {@code subject} without registering it: cached, else {@link
   * #lookup}. For producers that must not register ({@code auto.register.schemas=false}).
   *
   * @throws SchemaRegistryException 40401 if the subject is unknown, 40403 if it lacks the schema
   */
  public int lookupId(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    Integer cached = idsOf(subject).get(schema);
    return cached != null ? cached : lookup(subject, schema).id();
  }

  /**
   * Finds {@code schema} among the versions of {@code subject} ({@code POST /subjects/{subject}}).
   *
   * @throws SchemaRegistryException 40401 if the subject is unknown, 40403 if it lacks the schema
   */
  public RegisteredSchema lookup(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    Answer answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
    RegisteredSchema found = answer.registeredSchema();
    idsOf(subject).put(schema, found.id());
    return found;
  }

  /**
   * The schema with this id ({@code GET /schemas/ids/{id}}), cached forever.
   *
   * @throws SchemaRegistryException 40403 if the registry has no such id
   */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Answer answer = call("GET", "/schemas/ids/" + id, null, null);
    answer.requireAvro();
    Schema schema = answer.parseSchema(answer.textField("schema"));
    Schema raced = schemasById.putIfAbsent(id, schema);
    return raced != null ? raced : schema;
  }

  /** The latest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}). */
  public RegisteredSchema latest(String subject) {
    return fetchVersion(subject, "latest");
  }

  /** One version of {@code subject} ({@code GET /subjects/{subject}/versions/{version}}). */
  public RegisteredSchema version(String subject, int version) {
    return fetchVersion(subject, Integer.toString(version));
  }

  /** The versions of {@code subject}, ascending ({@code GET /subjects/{subject}/versions}). */
  public List<Integer> versions(String subject) {
    requireSubject(subject);
    Answer answer = call("GET", "/subjects/" + encode(subject) + "/versions", null, subject);
    List<Integer> versions = new ArrayList<>();
    for (JsonNode v : answer.array()) {
      if (!v.canConvertToInt()) {
        throw answer.invalid("a version is not an integer: " + v, null);
      }
      versions.add(v.intValue());
    }
    return versions;
  }

  /** Every subject ({@code GET /subjects}). */
  public List<String> subjects() {
    Answer answer = call("GET", "/subjects", null, null);
    List<String> subjects = new ArrayList<>();
    for (JsonNode s : answer.array()) {
      if (!s.isTextual()) {
        throw answer.invalid("a subject is not a string: " + s, null);
      }
      subjects.add(s.textValue());
    }
    return subjects;
  }

  /**
   * Whether the registry would accept {@code schema} under {@code subject}, with its reasons
   * ({@code POST /compatibility/subjects/{subject}/versions/latest?verbose=true}). A subject
   * without versions accepts any schema.
   */
  public CompatibilityResult testCompatibility(String subject, Schema schema) {
    requireSubject(subject);
    Objects.requireNonNull(schema, "schema");
    Answer answer =
        call(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            schemaBody(schema),
            subject);
    JsonNode compatible = answer.body.get("is_compatible");
    if (compatible == null || !compatible.isBoolean()) {
      throw answer.invalid("no boolean is_compatible", null);
    }
    List<String> messages = new ArrayList<>();
    JsonNode list = answer.body.get("messages");
    if (list != null && list.isArray()) {
      list.forEach(m -> messages.add(m.isTextual() ? m.textValue() : m.toString()));
    }
    return new CompatibilityResult(compatible.booleanValue(), messages);
  }

  /** Sets the compatibility level of {@code subject} ({@code PUT /config/{subject}}). */
  public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
    requireSubject(subject);
    Objects.requireNonNull(level, "level");
    Answer answer = call("PUT", "/config/" + encode(subject), levelBody(level), subject);
    return answer.level("compatibility");
  }

  /**
   * As {@link #setCompatibility(String, CompatibilityLevel)} with the level's name, e.g. {@code
   * "BACKWARD_TRANSITIVE"} (any case).
   *
   * @throws IllegalArgumentException for a name that is no level
   */
  public CompatibilityLevel setCompatibility(String subject, String level) {
    return setCompatibility(subject, CompatibilityLevel.of(level));
  }

  /**
   * The compatibility level in force for {@code subject}: its own, else the global one ({@code GET
   * /config/{subject}?defaultToGlobal=true}, falling back to {@code GET /config} for registries
   * that answer 404 to a subject without a level of its own).
   */
  public CompatibilityLevel compatibility(String subject) {
    requireSubject(subject);
    try {
      return call("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null, subject)
          .level("compatibilityLevel");
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()
          && (e.errorCode() == ErrorCodes.SUBJECT_COMPATIBILITY_NOT_CONFIGURED
              || e.errorCode() == ErrorCodes.SUBJECT_NOT_FOUND)) {
        return globalCompatibility();
      }
      throw e;
    }
  }

  /** The global compatibility level ({@code GET /config}). */
  public CompatibilityLevel globalCompatibility() {
    return call("GET", "/config", null, null).level("compatibilityLevel");
  }

  /** Sets the global compatibility level ({@code PUT /config}). */
  public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
    Objects.requireNonNull(level, "level");
    return call("PUT", "/config", levelBody(level), null).level("compatibility");
  }

  private RegisteredSchema fetchVersion(String subject, String version) {
    requireSubject(subject);
    Answer answer =
        call("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, subject);
    return answer.registeredSchema();
  }

  private ConcurrentMap<Schema, Integer> idsOf(String subject) {
    return idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
  }

  private static String schemaBody(Schema schema) {
    // schemaType is left out for Avro, as Confluent's own client does.
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String levelBody(CompatibilityLevel level) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  /** Sends one request, trying the next URL when one cannot be reached. */
  private Answer call(String method, String pathAndQuery, String body, String subject) {
    int first = preferredUrl;
    SchemaRegistryException unreachable = null;
    for (int i = 0; i < baseUrls.size(); i++) {
      int index = (first + i) % baseUrls.size();
      String url = baseUrls.get(index) + pathAndQuery;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(requestTimeout)
              .header("Accept", ACCEPT)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      long began = System.nanoTime();
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        LOG.debug("{} {} failed: {}", method, url, e.toString());
        unreachable = SchemaRegistryException.unreachable(method, url, subject, e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SchemaRegistryException.unreachable(method, url, subject, e);
      }
      preferredUrl = index;
      LOG.debug(
          "{} {} -> {} in {} ms",
          method,
          url,
          response.statusCode(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
      return answer(method, url, subject, response);
    }
    throw unreachable;
  }

  private static Answer answer(
      String method, String url, String subject, HttpResponse<String> response) {
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    JsonNode json = null;
    try {
      json = text.isBlank() ? null : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      if (status / 100 == 2) {
        throw SchemaRegistryException.invalidResponse(
            method,
            url,
            subject,
            "HTTP " + status + " with a body that is not JSON: " + clip(text),
            e);
      }
    }
    if (status / 100 != 2) {
      int errorCode = SchemaRegistryException.NO_ERROR_CODE;
      String message = text.isBlank() ? "(no body)" : clip(text);
      if (json != null && json.isObject()) {
        JsonNode code = json.get("error_code");
        JsonNode msg = json.get("message");
        if (code != null && code.canConvertToInt()) {
          errorCode = code.intValue();
        }
        if (msg != null && !msg.isNull()) {
          message = msg.asText();
        }
      }
      throw SchemaRegistryException.apiError(method, url, subject, status, errorCode, message);
    }
    if (json == null) {
      throw SchemaRegistryException.invalidResponse(
          method, url, subject, "HTTP " + status + " without a body", null);
    }
    return new Answer(method, url, subject, json);
  }

  private static String clip(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_BODY_IN_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  private static void requireSubject(String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("subject must not be empty");
    }
  }

  /** Percent-encodes a path segment ({@code URLEncoder} is for forms: its '+' is not a space). */
  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static URI parseUrl(String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      // The input may hold credentials: name only where the problem is.
      throw new IllegalArgumentException(
          "Schema registry URL is malformed at index " + e.getIndex() + ": " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Schema registry URL must look like http(s)://host:port, was '"
              + (uri.getHost() == null ? "(no host)" : withoutUserInfo(uri))
              + "'");
    }
    return uri;
  }

  private static String withoutUserInfo(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost();
    if (host != null && host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path;
  }

  /** A successful JSON answer, with the request it answers for precise error messages. */
  private static final class Answer {
    private final String method;
    private final String url;
    private final String subject;
    private final JsonNode body;

    Answer(String method, String url, String subject, JsonNode body) {
      this.method = method;
      this.url = url;
      this.subject = subject;
      this.body = body;
    }

    SchemaRegistryException invalid(String problem, Throwable cause) {
      return SchemaRegistryException.invalidResponse(method, url, subject, problem, cause);
    }

    JsonNode array() {
      if (!body.isArray()) {
        throw invalid("expected a JSON array, got " + clip(body.toString()), null);
      }
      return body;
    }

    int intField(String name) {
      JsonNode node = body.get(name);
      if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
        throw invalid("no integer '" + name + "' in " + clip(body.toString()), null);
      }
      return node.intValue();
    }

    String textField(String name) {
      JsonNode node = body.get(name);
      if (node == null || !node.isTextual()) {
        throw invalid("no string '" + name + "' in " + clip(body.toString()), null);
      }
      return node.textValue();
    }

    CompatibilityLevel level(String name) {
      String value = textField(name);
      return CompatibilityLevel.parse(value)
          .orElseThrow(() -> invalid("unknown compatibility level '" + value + "'", null));
    }

    void requireAvro() {
      JsonNode type = body.get("schemaType");
      if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
        throw invalid("the schema is of type " + type.asText() + ", not AVRO", null);
      }
    }

    Schema parseSchema(String text) {
      try {
        // Lenient about defaults: a writer schema that is registered must stay readable.
        return new Schema.Parser().setValidateDefaults(false).parse(text);
      } catch (SchemaParseException e) {
        throw invalid("the schema does not parse as Avro: " + e.getMessage(), e);
      }
    }

    RegisteredSchema registeredSchema() {
      requireAvro();
      return new RegisteredSchema(
          textField("subject"),
          intField("version"),
          intField("id"),
          parseSchema(textField("schema")));
    }
  }

  /** Timeouts and credentials of a {@link SchemaRegistryClient}. */
  public static final class Builder {
    private final String urls;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private String userInfo;

    private Builder(String urls) {
      this.urls = Objects.requireNonNull(urls, "url");
    }

    /** How long to wait for a TCP connection to the registry. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long to wait for the answer to one request. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** HTTP basic authentication; wins over credentials in the URL. */
    public Builder basicAuth(String user, String password) {
      this.userInfo =
          Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * HTTP basic authentication as Confluent's {@code basic.auth.user.info}: {@code user:password}.
     */
    public Builder userInfo(String userInfo) {
      if (userInfo == null || !userInfo.contains(":")) {
        throw new IllegalArgumentException("basic auth user info must be user:password");
      }
      this.userInfo = userInfo;
      return this;
    }

    public SchemaRegistryClient build() {
      return new SchemaRegistryClient(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
