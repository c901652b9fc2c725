package io.windowops.scheduler.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Bearer tokens and the roles they carry, from a YAML file that holds only SHA-256 hashes of the
 * tokens (so the file itself is not a secret):
 *
 * <pre>
 * tokens:
 *   - principal: alice
 *     sha256: 5e88...   # sha256sum of the token
 *     roles: [requester]
 * </pre>
 *
 * API roles are {@code requester}, {@code approver}, {@code operator}, {@code auditor} and {@code
 * alertmanager} (the webhook of {@code POST /alerts/alertmanager}); any
 * other role (e.g. {@code vp}, {@code team-lead}) is an approval role the policy may demand.
 */
public final class ApiTokens {

  public static final Set<String> API_ROLES = Set.of("requester", "approver", "operator", "auditor", "alertmanager");

  /** Who called, and what they may do. */
  public record Principal(String name, Set<String> roles) {
    boolean has(String role) {
      return roles.contains(role);
    }
  }

  private final Map<String, Principal> byHash;

  ApiTokens(Map<String, Principal> byHash) {
    this.byHash = Map.copyOf(byHash);
  }

  public static ApiTokens load(Path file) {
    Map<String, Principal> byHash = new HashMap<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (!(root instanceof Map<?, ?> map) || !(map.get("tokens") instanceof List<?> tokens)) {
        throw new IllegalArgumentException(file + ": expected a top-level 'tokens' list");
      }
      for (int i = 0; i < tokens.size(); i++) {
        String where = file + ": tokens[" + i + "]";
        if (!(tokens.get(i) instanceof Map<?, ?> entry)) {
          throw new IllegalArgumentException(where + " must be a mapping");
        }
        String principal = text(entry, "principal", where);
        String hash = text(entry, "sha256", where).toLowerCase();
        if (!hash.matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException(where + ".sha256 must be 64 hex digits");
        }
        if (!(entry.get("roles") instanceof List<?> roles) || roles.isEmpty()) {
          throw new IllegalArgumentException(where + ".roles must be a non-empty list");
        }
        byHash.put(hash, new Principal(principal, Set.copyOf(roles.stream().map(String::valueOf).toList())));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the API tokens file " + file + ": " + e.getMessage(), e);
    }
    return new ApiTokens(byHash);
  }

  /** The principal of an {@code Authorization: Bearer ...} header value, if the token is known. */
  public Optional<Principal> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(sha256(authorization.substring(7).trim())));
  }

  static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(Map<?, ?> entry, String key, String where) {
    Object value = entry.get(key);
    if (value == null || String.valueOf(value).isBlank()) {
      throw new IllegalArgumentException(where + "." + key + " is required");
    }
    return String.valueOf(value);
  }
}
