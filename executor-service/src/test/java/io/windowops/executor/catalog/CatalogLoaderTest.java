package io.windowops.executor.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The action catalog loader")
class CatalogLoaderTest {

  @TempDir Path dir;

  private ActionCatalog load(String yaml) throws Exception {
    Path file = dir.resolve("catalog.yaml");
    Files.writeString(file, yaml);
    return CatalogLoader.load(file);
  }

  private void rejects(String yaml, String... fragments) {
    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .message()
        .startsWith(dir.resolve("catalog.yaml").toString() + ":")
        .contains(fragments);
  }

  @Test
  @DisplayName("loads the shipped example catalog with every seed runbook and the noop action")
  void loadsExample() {
    ActionCatalog catalog = CatalogLoader.load(Path.of("../examples/catalog.yaml"));
    assertThat(catalog.find("backup-config")).isPresent();
    assertThat(catalog.find("cache-cleanup").orElseThrow().idempotent()).isTrue();
    assertThat(catalog.find("upgrade-version").orElseThrow().idempotent()).isFalse();
    assertThat(catalog.find("rollback-version")).isPresent();
    assertThat(catalog.find("rotate-secret").orElseThrow().params().get("newSecret").secret()).isTrue();
    assertThat(catalog.find("silence-alerts").orElseThrow().spec()).isInstanceOf(Action.Silence.class);
    assertThat(catalog.find("noop").orElseThrow().spec()).isInstanceOf(Action.Wait.class);
    Action.Command backup = (Action.Command) catalog.find("backup-config").orElseThrow().spec();
    assertThat(((Value.Literal) backup.argv().get(0)).text()).endsWith("examples/runbooks/backup-config.sh");
  }

  @Test
  @DisplayName("names file, line and field for an unknown action type")
  void unknownType() {
    rejects("actions:\n  a:\n    type: shell\n    command: {argv: [ls]}\n", ":3: actions.a.type: must be one of");
  }

  @Test
  @DisplayName("refuses a parameter spliced into a larger argv element")
  void partialArgv() {
    rejects(
        "actions:\n  a:\n    type: command\n    params:\n      f: {pattern: '[a-z]+'}\n    command:\n      argv: [/bin/ls, '--file={{f}}']\n",
        ":7: actions.a.command.argv[1]: a parameter must be the whole value");
  }

  @Test
  @DisplayName("refuses an undeclared parameter and a parameter without pattern or enum")
  void undeclaredAndUnchecked() {
    rejects(
        "actions:\n  a:\n    type: command\n    command:\n      argv: [/bin/ls, '{{f}}']\n",
        "actions.a.command.argv[1]: uses parameter 'f', which is not declared");
    rejects(
        "actions:\n  a:\n    type: command\n    params:\n      f: {default: x}\n    command: {argv: [/bin/ls]}\n",
        ":5: actions.a.params.f: declare a 'pattern' or an 'enum'");
  }

  @Test
  @DisplayName("refuses a secret on a command line, a bad regex, a typo'd field and a default that fails its own pattern")
  void otherMistakes() {
    rejects(
        "actions:\n  a:\n    type: command\n    params:\n      s: {secret: true}\n    command: {argv: [/bin/echo, '{{s}}']}\n",
        "secret parameter 's' may only be used in env, headers and body");
    rejects(
        "actions:\n  a:\n    type: command\n    params:\n      f: {pattern: '[a-'}\n    command: {argv: [/bin/ls]}\n",
        ":5: actions.a.params.f.pattern: is not a valid regular expression");
    rejects(
        "actions:\n  a:\n    type: command\n    command: {agrv: [/bin/ls]}\n",
        ":4: actions.a.command.agrv: is not a known field here");
    rejects(
        "actions:\n  a:\n    type: command\n    params:\n      n: {pattern: '[0-9]+', default: 'x'}\n    command: {argv: [/bin/ls]}\n",
        ":5: actions.a.params.n.default: must match [0-9]+");
    rejects("actions:\n  a: [oops\n", "not valid YAML");
  }

  @Test
  @DisplayName("binds event parameters only after checking each against its declaration")
  void binding() throws Exception {
    ActionCatalog catalog =
        load(
            "actions:\n  a:\n    type: command\n    params:\n"
                + "      name: {pattern: '[a-z0-9-]+'}\n      mode: {enum: [fast, full], default: fast}\n"
                + "      token: {secret: true, optional: true}\n"
                + "    command:\n      argv: [/bin/echo, '{{name}}', '{{mode}}']\n      env: {T: '{{token}}'}\n");
    assertThat(catalog.bind("a", Map.of("name", "db-1"), Map.of()).values())
        .containsEntry("name", "db-1")
        .containsEntry("mode", "fast")
        .doesNotContainKey("token");
    for (String attack : new String[] {"x; rm -rf /", "$(touch /tmp/p)", "`id`", "a\nb", "-rf", "../etc"}) {
      assertThatThrownBy(() -> catalog.bind("a", Map.of("name", attack), Map.of()))
          .isInstanceOf(ActionCatalog.InvalidStepException.class)
          .hasMessageContaining("parameter 'name' of action 'a'");
    }
    assertThatThrownBy(() -> catalog.bind("a", Map.of("name", "x", "mode", "slow"), Map.of()))
        .hasMessageContaining("must be one of [fast, full]");
    assertThatThrownBy(() -> catalog.bind("a", Map.of("name", "x", "extra", "1"), Map.of()))
        .hasMessageContaining("parameter 'extra' is not declared by action 'a'");
    assertThatThrownBy(() -> catalog.bind("a", Map.of(), Map.of()))
        .hasMessageContaining("parameter 'name' of action 'a' is required");
    assertThatThrownBy(() -> catalog.bind("a", Map.of("name", "x", "token", "plain-secret-value"), Map.of()))
        .hasMessageContaining("must be a secret reference")
        .hasMessageNotContaining("plain-secret-value");
    assertThatThrownBy(() -> catalog.bind("missing", Map.of(), Map.of()))
        .hasMessageContaining("action 'missing' is not in the catalog");
  }
}
