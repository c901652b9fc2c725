package io.windowops.platform.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain {@code java.net.http} calls, as curl would make them: no WindowOps client code involved.
 */
final class RegistryHttp {

  static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

  /** One answer. */
  record Reply(int status, String contentType, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }

    int errorCode() {
      return json().getInteger("error_code");
    }

    String message() {
      return json().getString("message");
    }
  }

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RegistryHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply post(String path, JsonObject body) {
    return send("POST", path, body.encode());
  }

  Reply postRaw(String path, String body) {
    return send("POST", path, body);
  }

  Reply put(String path, JsonObject body) {
    return send("PUT", path, body.encode());
  }

  Reply delete(String path) {
    return send("DELETE", path, null);
  }

  /** POST /subjects/{subject}/versions with {"schema": schema}. */
  Reply register(String subject, String schema) {
    return post("/subjects/" + subject + "/versions", new JsonObject().put("schema", schema));
  }

  int registerOk(String subject, String schema) {
    Reply reply = register(subject, schema);
    if (reply.status() != 200) {
      throw new AssertionError("registration under " + subject + " failed: " + reply);
    }
    return reply.json().getInteger("id");
  }

  Reply send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", MEDIA_TYPE);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
