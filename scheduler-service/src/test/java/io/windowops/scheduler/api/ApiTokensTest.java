package io.windowops.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("API tokens")
class ApiTokensTest {

  @TempDir Path dir;

  @Test
  @DisplayName("map a bearer token to its principal and roles through its SHA-256 hash")
  void known_tokens() {
    ApiTokens tokens = ApiTokens.load(Paths.get("../examples/api-tokens.yaml"));
    assertThat(tokens.authenticate("Bearer vp-dev-token"))
        .hasValueSatisfying(p -> {
          assertThat(p.name()).isEqualTo("vic-vp");
          assertThat(p.roles()).containsExactlyInAnyOrder("approver", "vp-engineering");
        });
    assertThat(tokens.authenticate("bearer requester-dev-token")).isPresent();
    assertThat(tokens.authenticate("Bearer wrong")).isEmpty();
    assertThat(tokens.authenticate("Basic dmljOnZw")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
  }

  @Test
  @DisplayName("refuse a malformed file with the entry and field that is wrong")
  void malformed() throws Exception {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, "tokens:\n  - principal: x\n    sha256: abc\n    roles: [requester]\n");
    assertThatThrownBy(() -> ApiTokens.load(file)).hasMessageContaining("tokens[0].sha256 must be 64 hex digits");
    Files.writeString(file, "tokens:\n  - sha256: " + "a".repeat(64) + "\n    roles: [requester]\n");
    assertThatThrownBy(() -> ApiTokens.load(file)).hasMessageContaining("tokens[0].principal is required");
  }
}
