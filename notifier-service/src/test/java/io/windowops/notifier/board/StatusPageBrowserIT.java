package io.windowops.notifier.board;

import static io.windowops.notifier.Fixtures.envelope;
import static io.windowops.notifier.Fixtures.scheduled;
import static io.windowops.notifier.Fixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.windowops.events.MaintenanceType;
import io.windowops.events.StepStarted;
import io.windowops.events.WindowCompleted;
import io.windowops.events.WindowOpened;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in status page as a person sees it, rendered by headless Chromium. */
class StatusPageBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");

  @TempDir Path profile;
  private Vertx vertx;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    WindowBoard board = new WindowBoard();
    var db = summary("production", MaintenanceType.PLANNED_OUTAGE);
    board.apply("MNT-1", envelope("MNT-1", NOW.minusSeconds(86_400), scheduled(db, NOW.minusSeconds(3_600), NOW.plusSeconds(3_600))));
    board.apply("MNT-1", envelope("MNT-1", NOW.minusSeconds(3_600), WindowOpened.newBuilder()
        .setScheduledStart(NOW.minusSeconds(3_600)).setScheduledEnd(NOW.plusSeconds(3_600)).build()));
    board.apply("MNT-1", envelope("MNT-1", NOW.minusSeconds(3_000), StepStarted.newBuilder()
        .setStepId("migrate").setKind(io.windowops.events.ExecutionKind.values()[0]).setAttempt(1).setAction("db-migrate").build()));
    var cdn = summary("production", MaintenanceType.ZERO_DOWNTIME);
    cdn.setTitle("CDN certificate rotation");
    cdn.setImpact("No downtime expected");
    board.apply("MNT-2", envelope("MNT-2", NOW, scheduled(cdn, Instant.parse("2026-12-08T22:00:00Z"), Instant.parse("2026-12-08T23:00:00Z"))));
    var cache = summary("production", MaintenanceType.BRIEF_INTERRUPTION);
    cache.setTitle("Redis <cache> upgrade");
    board.apply("MNT-3", envelope("MNT-3", NOW.minusSeconds(200_000), scheduled(cache, NOW.minusSeconds(180_000), NOW.minusSeconds(170_000))));
    board.apply("MNT-3", envelope("MNT-3", NOW.minusSeconds(172_000), WindowCompleted.newBuilder().setStepCount(3).build()));

    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new StatusPageRoutes(board, () -> NOW).addTo(router);
    port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get().actualPort();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @Test
  @DisplayName("a person sees the running window in progress, the next one upcoming and the finished one under recent")
  void rendersInChromium() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Debian chromium is not installed at " + CHROMIUM);
    Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--dump-dom", "http://127.0.0.1:" + port + "/"))
        .redirectError(profile.resolve("chromium.log").toFile())
        .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(visibleText(section(dom, "current")))
        .contains("PostgreSQL 16 upgrade of orders-db (MNT-1)")
        .contains("Orders cannot be placed or changed")
        .contains("running");
    assertThat(visibleText(section(dom, "upcoming")))
        .contains("CDN certificate rotation (MNT-2)")
        .contains("Tue 8 Dec 2026, 22:00 UTC – Tue 8 Dec 2026, 23:00 UTC")
        .contains("scheduled");
    assertThat(visibleText(section(dom, "recent"))).contains("Redis <cache> upgrade (MNT-3)").contains("completed");
    assertThat(dom).contains("<title>Maintenance status</title>").contains("href=\"/calendar.ics\"");
  }

  @Test
  @DisplayName("the JSON endpoint lists the same windows by section")
  void json() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonArray("current").getJsonObject(0).getString("status")).isEqualTo("RUNNING");
    assertThat(body.getJsonArray("upcoming").getJsonObject(0).getString("windowId")).isEqualTo("MNT-2");
    assertThat(body.getJsonArray("recent").getJsonObject(0).getString("status")).isEqualTo("COMPLETED");
  }

  private static String section(String dom, String id) {
    Matcher m = Pattern.compile("<table id=\"" + id + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("section " + id + " is shown").isTrue();
    return m.group(1);
  }

  /** The text a reader sees: tags removed, entities decoded, white space collapsed. */
  private static String visibleText(String html) {
    return html.replaceAll("<[^>]+>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        .replaceAll("\\s+", " ").replace("( ", "(").replace(" )", ")").strip();
  }
}
