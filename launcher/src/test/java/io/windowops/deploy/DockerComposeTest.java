package io.windowops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks docker-compose.yml, the Dockerfile and the Prometheus / Alertmanager configs offline, for
 * the mistakes that would break a real deployment. No Docker engine is needed (nor used): the files
 * are parsed, cross-checked against each other and the Maven build, and the healthcheck commands
 * are run with bash against a local HTTP server. deploy/README.md says what this does not cover.
 */
@DisplayName("The Docker Compose deployment")
class DockerComposeTest {

  private static final List<String> WINDOWOPS_SERVICES =
      List.of("scheduler", "executor", "validator", "notifier");
  private static final Map<String, Integer> AGREED_HOST_PORTS =
      Map.of("scheduler", 8080, "executor", 8082, "validator", 8083, "notifier", 8084);

  private static Path root;
  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  static void load() throws IOException {
    root = repositoryRoot();
    compose = yamlMap(root.resolve("docker-compose.yml"));
    services = new LinkedHashMap<>();
    map(compose.get("services"), "services")
        .forEach((name, body) -> services.put(name, map(body, name)));
  }

  // ---- images ------------------------------------------------------------------------

  @Test
  @DisplayName(
      "Every image in docker-compose.yml and the Dockerfile is pinned to a tag other than latest")
  void imagesArePinned() throws IOException {
    services.forEach(
        (name, service) -> {
          assertThat(service.get("image"))
              .as("service %s names its image (a built one too, so the others can share it)", name)
              .isInstanceOf(String.class);
          assertPinned("service " + name, (String) service.get("image"));
        });
    for (Instruction from : dockerfile().stream().filter(i -> i.is("FROM")).toList()) {
      assertPinned("Dockerfile " + from.args(), from.args().split("\\s+")[0]);
    }
  }

  @Test
  @DisplayName(
      "The four WindowOps services run their own role on the one image that the scheduler builds")
  void windowOpsServicesShareTheBuiltImage() {
    String image = (String) services.get("scheduler").get("image");
    Map<String, Object> build = map(services.get("scheduler").get("build"), "scheduler.build");
    Path context = root.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
    assertThat(context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile"))))
        .as("the Dockerfile the scheduler builds from")
        .isRegularFile();
    for (String name : WINDOWOPS_SERVICES) {
      Map<String, Object> service = service(name);
      assertThat(service.get("image")).as("image of %s", name).isEqualTo(image);
      assertThat(service.get("command"))
          .as("command of %s", name)
          .isEqualTo(List.of("service", name));
    }
    services.forEach(
        (name, service) -> {
          if (service.containsKey("build")) {
            assertThat(name)
                .as("only the scheduler builds; the others reuse %s", image)
                .isEqualTo("scheduler");
          }
        });
  }

  // ---- dependencies and health -------------------------------------------------------

  @Test
  @DisplayName(
      "Every depends_on names an existing service, and waiting for healthy needs a healthcheck")
  void dependenciesExist() {
    Set<String> conditions =
        Set.of("service_started", "service_healthy", "service_completed_successfully");
    services.forEach(
        (name, service) ->
            dependsOn(service)
                .forEach(
                    (target, condition) -> {
                      assertThat(services).as("%s depends on %s", name, target).containsKey(target);
                      assertThat(condition)
                          .as("condition of %s -> %s", name, target)
                          .isIn(conditions);
                      if (condition.equals("service_healthy")) {
                        assertThat(services.get(target))
                            .as("%s waits for %s to be healthy", name, target)
                            .containsKey("healthcheck");
                      }
                    }));
    for (String name : WINDOWOPS_SERVICES) {
      assertThat(dependsOn(service(name)))
          .as("%s starts only once Kafka and the registry are healthy", name)
          .containsEntry("kafka", "service_healthy")
          .containsEntry("schema-registry", "service_healthy");
    }
  }

  @Test
  @DisplayName("Every service has a healthcheck that is not disabled")
  void everyServiceHasAHealthcheck() {
    services.forEach(
        (name, service) -> {
          Map<String, Object> healthcheck = map(service.get("healthcheck"), name + ".healthcheck");
          assertThat(healthcheck.get("disable"))
              .as("%s healthcheck disabled", name)
              .isNotEqualTo(true);
          Object test = healthcheck.get("test");
          assertThat(test).as("%s healthcheck test", name).isNotNull();
          if (test instanceof List<?> list) {
            assertThat(list).as("%s healthcheck test", name).isNotEmpty();
            assertThat(list.get(0)).as("%s healthcheck test form", name).isIn("CMD", "CMD-SHELL");
            assertThat(list).as("%s healthcheck has a command", name).hasSizeGreaterThan(1);
          } else {
            assertThat(String.valueOf(test))
                .as("%s healthcheck test", name)
                .isNotBlank()
                .isNotEqualTo("NONE");
          }
        });
  }

  @Test
  @DisplayName(
      "The WindowOps healthcheck passes on a 2xx from /health/ready and fails on 503 or a closed"
          + " port")
  void windowOpsHealthcheckWorks() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is needed to run the healthcheck");
    for (String name : WINDOWOPS_SERVICES) {
      assertThat(service(name).get("healthcheck"))
          .as("%s uses the shared healthcheck", name)
          .isEqualTo(service("scheduler").get("healthcheck"));
    }
    String composeScript = interpolate(bashScript(service("scheduler")));
    String dockerfileScript = dockerfileHealthcheckScript();
    for (String script : List.of(composeScript, dockerfileScript)) {
      try (StubServer server = new StubServer("/health/ready")) {
        Map<String, String> env = Map.of("HTTP_PORT", String.valueOf(server.port()));
        server.status.set(200);
        assertThat(runBash(script, env)).as("exit code on 200 for: %s", script).isZero();
        server.status.set(204);
        assertThat(runBash(script, env)).as("exit code on 204 for: %s", script).isZero();
        server.status.set(503);
        assertThat(runBash(script, env)).as("exit code on 503 for: %s", script).isNotZero();
        assertThat(server.paths).as("paths requested").containsOnly("/health/ready");
      }
      assertThat(runBash(script, Map.of("HTTP_PORT", String.valueOf(closedPort()))))
          .as("exit code when nothing listens, for: %s", script)
          .isNotZero();
    }
  }

  @Test
  @DisplayName(
      "The schema registry healthcheck passes only when /subjects answers 200 on the registry's"
          + " port")
  void registryHealthcheckWorks() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is needed to run the healthcheck");
    String script = interpolate(bashScript(service("schema-registry")));
    String probe = "/dev/tcp/127.0.0.1/" + registryPort();
    assertThat(script).as("the registry healthcheck probes its own listener").contains(probe + " ");
    try (StubServer server = new StubServer("/subjects")) {
      String local = script.replace(probe + " ", "/dev/tcp/127.0.0.1/" + server.port() + " ");
      server.status.set(200);
      assertThat(runBash(local, Map.of())).as("exit code on 200").isZero();
      server.status.set(500);
      assertThat(runBash(local, Map.of())).as("exit code on 500").isNotZero();
      assertThat(server.paths).containsOnly("/subjects");
    }
  }

  // ---- Kafka and the registry -----------------------------------------------------------

  @Test
  @DisplayName(
      "Kafka's KRaft settings agree: listeners, protocol map, controller quorum, cluster id")
  void kafkaSettingsAreConsistent() {
    Map<String, String> env = environment(service("kafka"));
    Map<String, Integer> listeners = listenerPorts(env.get("KAFKA_LISTENERS"));
    Map<String, String> protocols = new HashMap<>();
    for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
      String[] parts = entry.trim().split(":");
      protocols.put(parts[0], parts[1]);
    }
    assertThat(protocols.keySet())
        .as("every listener has a security protocol")
        .containsAll(listeners.keySet());
    assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");

    String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
    assertThat(listeners).as("the controller listener is a listener").containsKey(controller);
    String voters = env.get("KAFKA_CONTROLLER_QUORUM_VOTERS");
    assertThat(voters)
        .as("the single voter is this node on its controller port")
        .isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:" + listeners.get(controller));

    Map<String, URI> advertised = listenerUris(env.get("KAFKA_ADVERTISED_LISTENERS"));
    advertised.forEach(
        (listener, uri) -> {
          assertThat(listener)
              .as("the controller listener is not advertised to clients")
              .isNotEqualTo(controller);
          assertThat(listeners.get(listener))
              .as("advertised %s listens on the same port", listener)
              .isEqualTo(uri.getPort());
        });
    assertThat(advertised)
        .as("the inter-broker listener is advertised")
        .containsKey(env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));

    byte[] clusterId = Base64.getUrlDecoder().decode(env.get("CLUSTER_ID"));
    assertThat(clusterId)
        .as("CLUSTER_ID is 16 bytes of base64url, or the storage format fails")
        .hasSize(16);

    for (String key :
        List.of(
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR",
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR")) {
      assertThat(env.get(key)).as("%s on a single broker", key).isEqualTo("1");
    }

    String logDirs = env.get("KAFKA_LOG_DIRS");
    assertThat(namedVolumeTargets(service("kafka")))
        .as(
            "Kafka's log directory %s is on a named volume, so data survives a container"
                + " re-creation",
            logDirs)
        .contains(logDirs);
  }

  @Test
  @DisplayName(
      "Each WindowOps service and the registry reach Kafka through its in-network listener")
  void servicesUseTheInternalKafkaListener() {
    String internal = internalKafkaAddress();
    for (String name : WINDOWOPS_SERVICES) {
      assertThat(environment(service(name)).get("KAFKA_BOOTSTRAP_SERVERS"))
          .as("KAFKA_BOOTSTRAP_SERVERS of %s", name)
          .isEqualTo(internal);
    }
    String registryBootstrap =
        environment(service("schema-registry")).get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS");
    assertThat(registryBootstrap.replaceFirst("^[A-Z_]+://", ""))
        .as("the registry's kafkastore bootstrap servers")
        .isEqualTo(internal);
  }

  @Test
  @DisplayName(
      "Each WindowOps service reaches the schema registry by service name on the port it listens"
          + " on")
  void servicesUseTheRegistryPort() {
    Map<String, String> registry = environment(service("schema-registry"));
    assertThat(registry)
        .as("settings the cp-schema-registry image requires")
        .containsKeys("SCHEMA_REGISTRY_HOST_NAME", "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS");
    String expected = "http://schema-registry:" + registryPort();
    for (String name : WINDOWOPS_SERVICES) {
      assertThat(environment(service(name)).get("SCHEMA_REGISTRY_URL").replaceAll("/+$", ""))
          .as("SCHEMA_REGISTRY_URL of %s", name)
          .isEqualTo(expected);
    }
  }

  // ---- the WindowOps services' environment and ports ------------------------------------

  @Test
  @DisplayName(
      "Each WindowOps service listens on all interfaces on its HTTP_PORT and publishes it on the"
          + " agreed host port")
  void windowOpsPorts() {
    for (String name : WINDOWOPS_SERVICES) {
      Map<String, String> env = environment(service(name));
      int httpPort = httpPort(name);
      assertThat(env.getOrDefault("HTTP_HOST", "0.0.0.0"))
          .as("HTTP_HOST of %s: a loopback address is unreachable from other containers", name)
          .isIn("0.0.0.0", "::");
      assertThat(publishedPorts(name))
          .as("ports of %s", name)
          .contains(new PortMapping(name, "", AGREED_HOST_PORTS.get(name), httpPort, "tcp"));
    }
  }

  @Test
  @DisplayName(
      "Every URL and SMTP host in the WindowOps environment names a compose service and a port it"
          + " listens on")
  void environmentPointsAtComposeServices() {
    Pattern url = Pattern.compile("^[a-z][a-z0-9+.-]*://([^/:]+):(\\d+)(/.*)?$");
    for (String name : WINDOWOPS_SERVICES) {
      Map<String, String> env = environment(service(name));
      assertThat(env)
          .as("settings of %s", name)
          .containsKeys("SMTP_HOST", "SMTP_PORT", "PROMETHEUS_URL", "ALERTMANAGER_URL", "LOKI_URL");
      env.forEach(
          (key, value) -> {
            Matcher m = url.matcher(value);
            if (key.equals("WINDOWOPS_SCHEDULER_URL")) {
              // A link for people, not for containers: the scheduler's port published on the host.
              assertThat(m.matches()).as("%s %s is a URL", name, key).isTrue();
              assertThat(m.group(1)).as("%s %s host", name, key).isEqualTo("localhost");
              assertThat(publishedPorts("scheduler").stream().map(PortMapping::hostPort))
                  .as("%s %s port", name, key)
                  .contains(Integer.parseInt(m.group(2)));
            } else if (m.matches()) {
              assertListens(name + " " + key, m.group(1), Integer.parseInt(m.group(2)));
            }
          });
      assertListens(
          name + " SMTP_HOST/SMTP_PORT",
          env.get("SMTP_HOST"),
          Integer.parseInt(env.get("SMTP_PORT")));
    }
    assertThat(environment(service("scheduler")))
        .containsEntry("PROMETHEUS_URL", "http://prometheus:9090")
        .containsEntry("ALERTMANAGER_URL", "http://alertmanager:9093")
        .containsEntry("LOKI_URL", "http://loki:3100")
        .containsEntry("SMTP_HOST", "mailpit")
        .containsEntry("SMTP_PORT", "1025");
  }

  @Test
  @DisplayName("No two services publish the same host port")
  void hostPortsAreUnique() {
    Map<String, String> owners = new HashMap<>();
    for (String name : services.keySet()) {
      for (PortMapping mapping : publishedPorts(name)) {
        if (mapping.hostPort() == null) {
          continue;
        }
        String key = mapping.hostIp() + ":" + mapping.hostPort() + "/" + mapping.protocol();
        String previous = owners.putIfAbsent(key, name);
        assertThat(previous)
            .as("host port %s is published by %s and %s", key, previous, name)
            .isNull();
      }
    }
  }

  // ---- files and volumes --------------------------------------------------------------------

  @Test
  @DisplayName(
      "Every file a service mounts exists in the repository, and every named volume is declared")
  void mountsExist() {
    Set<String> declared =
        compose.get("volumes") == null ? Set.of() : map(compose.get("volumes"), "volumes").keySet();
    services.forEach(
        (name, service) -> {
          for (Mount mount : mounts(service)) {
            if (mount.bind()) {
              assertThat(root.resolve(mount.source()).normalize())
                  .as("%s mounts %s", name, mount.source())
                  .exists();
            } else {
              assertThat(declared)
                  .as("%s uses volume %s", name, mount.source())
                  .contains(mount.source());
            }
          }
        });
    assertThat(mounts(service("prometheus")).stream().filter(Mount::bind).map(Mount::target))
        .contains("/etc/prometheus/prometheus.yml");
    assertThat(mounts(service("alertmanager")).stream().filter(Mount::bind).map(Mount::target))
        .contains("/etc/alertmanager/alertmanager.yml");
  }

  // ---- Prometheus and Alertmanager ------------------------------------------------------------

  @Test
  @DisplayName(
      "Prometheus scrapes /metrics of every WindowOps service at its compose name and HTTP_PORT")
  void prometheusScrapesEveryService() throws IOException {
    Map<String, Object> prometheus = yamlMap(root.resolve("deploy/prometheus/prometheus.yml"));
    Map<String, String> metricsPathByTarget = new HashMap<>();
    for (Object job : list(prometheus.get("scrape_configs"), "scrape_configs")) {
      Map<String, Object> scrape = map(job, "scrape_config");
      String path = String.valueOf(scrape.getOrDefault("metrics_path", "/metrics"));
      for (Object staticConfig :
          list(scrape.getOrDefault("static_configs", List.of()), "static_configs")) {
        for (Object target : list(map(staticConfig, "static_config").get("targets"), "targets")) {
          metricsPathByTarget.put(String.valueOf(target), path);
        }
      }
    }
    for (String name : WINDOWOPS_SERVICES) {
      assertThat(metricsPathByTarget)
          .as("a scrape target for %s", name)
          .containsEntry(name + ":" + httpPort(name), "/metrics");
    }
    metricsPathByTarget
        .keySet()
        .forEach(
            target -> {
              String host = target.substring(0, target.lastIndexOf(':'));
              int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
              if (host.equals("localhost")) {
                assertThat(publishedPorts("prometheus").stream().map(PortMapping::containerPort))
                    .as("Prometheus scraping itself on %s", target)
                    .contains(port);
              } else {
                assertListens("scrape target " + target, host, port);
              }
            });
  }

  @Test
  @DisplayName("Prometheus sends alerts to the compose Alertmanager and its rule files are mounted")
  void prometheusAlertsGoToAlertmanager() throws IOException {
    Map<String, Object> prometheus = yamlMap(root.resolve("deploy/prometheus/prometheus.yml"));
    List<String> targets = new ArrayList<>();
    for (Object am :
        list(map(prometheus.get("alerting"), "alerting").get("alertmanagers"), "alertmanagers")) {
      for (Object sc : list(map(am, "alertmanager").get("static_configs"), "static_configs")) {
        list(map(sc, "static_config").get("targets"), "targets")
            .forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    assertThat(targets).isNotEmpty();
    targets.forEach(
        t ->
            assertListens(
                "Alertmanager target " + t,
                t.substring(0, t.indexOf(':')),
                Integer.parseInt(t.substring(t.indexOf(':') + 1))));

    Map<String, String> bindTargets =
        mounts(service("prometheus")).stream()
            .filter(Mount::bind)
            .collect(Collectors.toMap(Mount::target, Mount::source));
    Path configDir = Path.of("/etc/prometheus");
    for (Object ruleGlob : list(prometheus.getOrDefault("rule_files", List.of()), "rule_files")) {
      Path inContainer = configDir.resolve(String.valueOf(ruleGlob)).normalize();
      String mountedDir = bindTargets.get(inContainer.getParent().toString());
      assertThat(mountedDir).as("the directory of rule file %s is mounted", ruleGlob).isNotNull();
      Path localDir = root.resolve(mountedDir).normalize();
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + inContainer.getFileName());
      try (var files = Files.list(localDir)) {
        assertThat(files.filter(f -> matcher.matches(f.getFileName())))
            .as("rule files %s in %s", ruleGlob, localDir)
            .isNotEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "Alertmanager's webhook receiver calls the scheduler's /alerts/alertmanager endpoint")
  void alertmanagerCallsTheScheduler() throws IOException {
    Map<String, Object> alertmanager =
        yamlMap(root.resolve("deploy/alertmanager/alertmanager.yml"));
    Set<String> receivers = new TreeSet<>();
    List<String> webhooks = new ArrayList<>();
    for (Object receiver : list(alertmanager.get("receivers"), "receivers")) {
      Map<String, Object> r = map(receiver, "receiver");
      receivers.add(String.valueOf(r.get("name")));
      for (Object hook : list(r.getOrDefault("webhook_configs", List.of()), "webhook_configs")) {
        webhooks.add(String.valueOf(map(hook, "webhook_config").get("url")));
      }
    }
    Map<String, Object> route = map(alertmanager.get("route"), "route");
    assertThat(receivers).as("receivers named by the route").containsAll(routeReceivers(route));
    assertThat(webhooks)
        .as("the scheduler webhook")
        .contains("http://scheduler:" + httpPort("scheduler") + "/alerts/alertmanager");
  }

  // ---- the image
  // ---------------------------------------------------------------------------------

  @Test
  @DisplayName(
      "The Dockerfile builds the launcher module's fat jar and runs it as an unprivileged user")
  void dockerfileBuildsAndRunsTheJar() throws Exception {
    List<Instruction> instructions = dockerfile();
    List<Instruction> froms = instructions.stream().filter(i -> i.is("FROM")).toList();
    assertThat(froms)
        .extracting(Instruction::args)
        .containsExactly("maven:3.9-eclipse-temurin-17 AS build", "eclipse-temurin:17-jre");
    assertThat(instructions.stream().filter(i -> i.is("RUN")).map(Instruction::args))
        .anyMatch(run -> run.contains("mvn -B -DskipTests package -pl launcher -am"));

    String jar = "launcher/target/" + finalName(root.resolve("launcher/pom.xml")) + ".jar";
    assertThat(instructions.stream().filter(i -> i.is("COPY")).map(Instruction::args))
        .as("the runtime stage copies the jar the launcher module builds")
        .contains("--from=build /src/" + jar + " /app/windowops.jar");

    List<Instruction> users = instructions.stream().filter(i -> i.is("USER")).toList();
    assertThat(users).as("USER in the runtime stage").isNotEmpty();
    assertThat(users.get(users.size() - 1).args().split(":")[0]).isNotIn("root", "0");

    Instruction entrypoint =
        instructions.stream().filter(i -> i.is("ENTRYPOINT")).reduce((a, b) -> b).orElseThrow();
    assertThat(new Yaml(new SafeConstructor(new LoaderOptions())).<Object>load(entrypoint.args()))
        .isEqualTo(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/app/windowops.jar"));
  }

  @Test
  @DisplayName(
      ".dockerignore keeps the parent POM, .mvn and every module's POM and sources in the build"
          + " context")
  void dockerignoreKeepsTheBuildInputs() throws Exception {
    List<String> patterns =
        Files.readAllLines(root.resolve(".dockerignore")).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    List<String> needed =
        new ArrayList<>(List.of("pom.xml", ".mvn/maven.config", ".mvn/settings.xml"));
    for (String module : modules(root.resolve("pom.xml"))) {
      needed.add(module + "/pom.xml");
      needed.add(module + "/src/main/java/Example.java");
      needed.add(module + "/src/main/resources/example.properties");
      needed.add(module + "/src/main/avro/example.avsc");
    }
    for (String path : needed) {
      assertThat(ignored(patterns, path)).as(".dockerignore excludes %s", path).isFalse();
    }
    assertThat(ignored(patterns, "launcher/target/windowops.jar"))
        .as("stale build output")
        .isTrue();
    assertThat(ignored(patterns, ".git/HEAD")).isTrue();
  }

  // ======================================================================================
  // helpers

  private static Path repositoryRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "no docker-compose.yml above " + System.getProperty("user.dir"));
  }

  private static Map<String, Object> yamlMap(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in), file.toString());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String what) {
    if (!(value instanceof Map)) {
      fail("%s: expected a mapping, was %s", what, value);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    ((Map<Object, Object>) value).forEach((k, v) -> result.put(String.valueOf(k), v));
    return result;
  }

  private static List<?> list(Object value, String what) {
    if (!(value instanceof List<?> l)) {
      throw new AssertionError(what + ": expected a list, was " + value);
    }
    return l;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services).as("compose services").containsKey(name);
    return services.get(name);
  }

  private static Map<String, String> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> m) {
      m.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (env instanceof List<?> l) {
      for (Object entry : l) {
        String s = String.valueOf(entry);
        int eq = s.indexOf('=');
        result.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
      }
    }
    return result;
  }

  private static Map<String, String> dependsOn(Map<String, Object> service) {
    Object deps = service.get("depends_on");
    Map<String, String> result = new LinkedHashMap<>();
    if (deps instanceof List<?> l) {
      l.forEach(d -> result.put(String.valueOf(d), "service_started"));
    } else if (deps instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) ->
              result.put(
                  String.valueOf(k),
                  String.valueOf(
                      map(v, "depends_on." + k).getOrDefault("condition", "service_started"))));
    }
    return result;
  }

  private static void assertPinned(String where, String image) {
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    boolean digest = image.contains("@sha256:");
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    String tag = colon > slash ? ref.substring(colon + 1) : "";
    assertThat(digest || !tag.isEmpty()).as("%s: image %s has no tag", where, image).isTrue();
    assertThat(tag).as("%s: image %s", where, image).isNotEqualTo("latest");
  }

  /** The compose port mappings of a service (short and long syntax). */
  private static List<PortMapping> publishedPorts(String name) {
    List<PortMapping> result = new ArrayList<>();
    Object ports = service(name).get("ports");
    if (ports == null) {
      return result;
    }
    for (Object port : list(ports, name + ".ports")) {
      if (port instanceof Map<?, ?> m) {
        Object published = m.get("published");
        result.add(
            new PortMapping(
                name,
                m.get("host_ip") == null ? "" : String.valueOf(m.get("host_ip")),
                published == null ? null : Integer.valueOf(String.valueOf(published)),
                Integer.parseInt(String.valueOf(m.get("target"))),
                m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol"))));
        continue;
      }
      String spec = String.valueOf(port);
      String protocol = "tcp";
      if (spec.contains("/")) {
        protocol = spec.substring(spec.indexOf('/') + 1);
        spec = spec.substring(0, spec.indexOf('/'));
      }
      String[] parts = spec.split(":");
      assertThat(spec).as("%s: port ranges are not used here", name).doesNotContain("-");
      switch (parts.length) {
        case 1 -> result.add(new PortMapping(name, "", null, Integer.parseInt(parts[0]), protocol));
        case 2 ->
            result.add(
                new PortMapping(
                    name, "", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), protocol));
        case 3 ->
            result.add(
                new PortMapping(
                    name,
                    parts[0],
                    Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]),
                    protocol));
        default -> fail("%s: cannot read port %s", name, port);
      }
    }
    return result;
  }

  /** Ports a service listens on inside the compose network: published, exposed, or Kafka's. */
  private static Set<Integer> containerPorts(String name) {
    Set<Integer> ports = new TreeSet<>();
    publishedPorts(name).forEach(p -> ports.add(p.containerPort()));
    Object expose = service(name).get("expose");
    if (expose != null) {
      list(expose, name + ".expose")
          .forEach(p -> ports.add(Integer.parseInt(String.valueOf(p).split("/")[0])));
    }
    if (name.equals("kafka")) {
      ports.addAll(listenerPorts(environment(service(name)).get("KAFKA_LISTENERS")).values());
    }
    return ports;
  }

  private static void assertListens(String what, String host, int port) {
    assertThat(services).as("%s: host %s is a compose service", what, host).containsKey(host);
    assertThat(containerPorts(host)).as("%s: %s listens on %d", what, host, port).contains(port);
  }

  private static int httpPort(String name) {
    String port = environment(service(name)).get("HTTP_PORT");
    assertThat(port).as("HTTP_PORT of %s", name).isNotNull();
    return Integer.parseInt(port);
  }

  private static int registryPort() {
    String listeners =
        environment(service("schema-registry"))
            .getOrDefault("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081");
    return URI.create(listeners.split(",")[0].trim()).getPort();
  }

  /** host:port of the advertised listener whose host is the kafka service itself. */
  private static String internalKafkaAddress() {
    Map<String, String> env = environment(service("kafka"));
    Set<String> names = new TreeSet<>(List.of("kafka"));
    if (service("kafka").get("hostname") != null) {
      names.add(String.valueOf(service("kafka").get("hostname")));
    }
    List<String> internal =
        listenerUris(env.get("KAFKA_ADVERTISED_LISTENERS")).values().stream()
            .filter(uri -> names.contains(uri.getHost()))
            .map(uri -> "kafka:" + uri.getPort())
            .toList();
    assertThat(internal)
        .as("exactly one advertised listener is addressed as kafka:<port>")
        .hasSize(1);
    return internal.get(0);
  }

  private static Map<String, Integer> listenerPorts(String listeners) {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (String listener : listeners.split(",")) {
      String l = listener.trim();
      result.put(
          l.substring(0, l.indexOf("://")), Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)));
    }
    return result;
  }

  private static Map<String, URI> listenerUris(String listeners) {
    Map<String, URI> result = new LinkedHashMap<>();
    for (String listener : listeners.split(",")) {
      String l = listener.trim();
      String name = l.substring(0, l.indexOf("://"));
      // Listener names may contain '_', which java.net.URI rejects as a scheme: use a stand-in.
      result.put(name, URI.create("tcp" + l.substring(l.indexOf("://"))));
    }
    return result;
  }

  private record PortMapping(
      String service, String hostIp, Integer hostPort, int containerPort, String protocol) {}

  private record Mount(String source, String target, boolean bind) {}

  private static List<Mount> mounts(Map<String, Object> service) {
    List<Mount> result = new ArrayList<>();
    Object volumes = service.get("volumes");
    if (volumes == null) {
      return result;
    }
    for (Object volume : list(volumes, "volumes")) {
      if (volume instanceof Map<?, ?> m) {
        String type = String.valueOf(m.get("type"));
        result.add(
            new Mount(
                String.valueOf(m.get("source")),
                String.valueOf(m.get("target")),
                type.equals("bind")));
        continue;
      }
      String[] parts = String.valueOf(volume).split(":");
      String source = parts[0];
      boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
      result.add(new Mount(source, parts.length > 1 ? parts[1] : parts[0], bind));
    }
    return result;
  }

  private static Set<String> namedVolumeTargets(Map<String, Object> service) {
    return mounts(service).stream()
        .filter(m -> !m.bind())
        .map(Mount::target)
        .collect(Collectors.toSet());
  }

  private static List<String> routeReceivers(Map<String, Object> route) {
    List<String> result = new ArrayList<>();
    if (route.get("receiver") != null) {
      result.add(String.valueOf(route.get("receiver")));
    }
    for (Object child : list(route.getOrDefault("routes", List.of()), "routes")) {
      result.addAll(routeReceivers(map(child, "route")));
    }
    return result;
  }

  // ---- healthcheck scripts --------------------------------------------------------------

  /** The bash script of a ["CMD", "bash", "-c", script] healthcheck, as written in the file. */
  private static String bashScript(Map<String, Object> service) {
    List<?> test =
        list(map(service.get("healthcheck"), "healthcheck").get("test"), "healthcheck.test");
    assertThat(test.subList(0, 3)).isEqualTo(List.of("CMD", "bash", "-c"));
    assertThat(test).hasSize(4);
    return String.valueOf(test.get(3));
  }

  /**
   * What compose makes of a value, with an empty host environment: {@code $$} is a literal {@code
   * $}; {@code ${NAME:-default}} and {@code $NAME} are replaced on the host.
   */
  private static String interpolate(String value) {
    Matcher m =
        Pattern.compile("\\$\\$|\\$\\{([^}]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else if (m.group(1) != null) {
        String expr = m.group(1);
        int dflt = expr.indexOf(":-") >= 0 ? expr.indexOf(":-") : expr.indexOf('-');
        replacement = dflt >= 0 ? expr.substring(dflt + (expr.startsWith(":-", dflt) ? 2 : 1)) : "";
      } else {
        replacement = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String dockerfileHealthcheckScript() throws IOException {
    Instruction healthcheck =
        dockerfile().stream().filter(i -> i.is("HEALTHCHECK")).reduce((a, b) -> b).orElseThrow();
    String args = healthcheck.args();
    String exec = args.substring(args.indexOf("CMD ") + 4).trim();
    List<?> command =
        list(new Yaml(new SafeConstructor(new LoaderOptions())).load(exec), "HEALTHCHECK CMD");
    assertThat(command.subList(0, 2)).isEqualTo(List.of("bash", "-c"));
    return String.valueOf(command.get(2));
  }

  private static int runBash(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", script).redirectErrorStream(true);
    pb.environment().remove("HTTP_PORT");
    pb.environment().putAll(env);
    Process process = pb.start();
    process.getOutputStream().close();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("healthcheck did not finish within 15 s: %s", script);
    }
    process.getInputStream().readAllBytes();
    return process.exitValue();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** An HTTP server on 127.0.0.1 answering one path with a settable status. */
  private static final class StubServer implements AutoCloseable {
    final AtomicInteger status = new AtomicInteger(200);
    final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpServer server;

    StubServer(String path) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            int code = exchange.getRequestURI().getPath().equals(path) ? status.get() : 404;
            byte[] body =
                (code == 204 ? "" : "{\"status\":" + code + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, code == 204 ? -1 : body.length);
            if (code != 204) {
              exchange.getResponseBody().write(body);
            }
            exchange.close();
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  // ---- Dockerfile, POM and .dockerignore -------------------------------------------------------

  private record Instruction(String keyword, String args) {
    boolean is(String k) {
      return keyword.equalsIgnoreCase(k);
    }
  }

  /** Dockerfile instructions, continuation lines joined, comments dropped. */
  private static List<Instruction> dockerfile() throws IOException {
    List<Instruction> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : Files.readAllLines(root.resolve("Dockerfile"))) {
      String line = raw.strip();
      if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      result.add(new Instruction(text.substring(0, space), text.substring(space + 1).strip()));
    }
    return result;
  }

  private static Document pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile());
  }

  private static String finalName(Path pomFile) throws Exception {
    NodeList names = pom(pomFile).getElementsByTagName("finalName");
    assertThat(names.getLength()).as("<finalName> in %s", pomFile).isEqualTo(1);
    return names.item(0).getTextContent().trim();
  }

  private static List<String> modules(Path pomFile) throws Exception {
    NodeList modules = pom(pomFile).getElementsByTagName("module");
    List<String> result = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      result.add(((Element) modules.item(i)).getTextContent().trim());
    }
    assertThat(result).as("modules of %s", pomFile).isNotEmpty();
    return result;
  }

  /**
   * Whether Docker leaves {@code path} out of the build context: the last matching pattern wins, a
   * pattern matching a directory excludes everything below it, and a leading {@code **}/ also
   * matches at the top.
   */
  private static boolean ignored(List<String> patterns, String path) {
    boolean excluded = false;
    for (String raw : patterns) {
      boolean negate = raw.startsWith("!");
      String pattern =
          (negate ? raw.substring(1) : raw).replaceAll("^/+", "").replaceAll("/+$", "");
      if (matchesPathOrParent(pattern, path)
          || (pattern.startsWith("**/") && matchesPathOrParent(pattern.substring(3), path))) {
        excluded = !negate;
      }
    }
    return excluded;
  }

  private static boolean matchesPathOrParent(String pattern, String path) {
    var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    Path p = Path.of(path);
    for (int i = 1; i <= p.getNameCount(); i++) {
      if (matcher.matches(p.subpath(0, i))) {
        return true;
      }
    }
    return false;
  }
}
