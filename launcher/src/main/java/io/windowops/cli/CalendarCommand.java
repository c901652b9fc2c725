package io.windowops.cli;

import io.vertx.core.json.JsonObject;
import io.windowops.client.SchedulerClient;
import io.windowops.client.SchedulerClient.Answer;
import io.windowops.client.SchedulerClient.UnreachableException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "calendar",
    description = "Shows each environment's allowed slots, freeze periods and windows in a range (GET /calendar;"
        + " default: the next 30 days, at most 366).")
final class CalendarCommand extends ApiCommand {

  @Option(names = "--from", converter = InstantConverter.class, paramLabel = "TIME", description = "Start (default: now).")
  Instant from;

  @Option(names = "--to", converter = InstantConverter.class, paramLabel = "TIME", description = "End (default: 30 days after --from).")
  Instant to;

  @Option(names = "--environment", description = "Only this environment.")
  String environment;

  @Override
  int run(SchedulerClient api, PrintWriter out) throws UnreachableException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("from", from == null ? null : from.toString());
    params.put("to", to == null ? null : to.toString());
    params.put("environment", environment);
    Answer answer = api.get("/calendar" + SchedulerClient.query(params));
    if (!answer.ok()) {
      return failed(answer);
    }
    if (format == Format.json) {
      printJson(answer);
      return ExitCodes.OK;
    }
    JsonObject cal = answer.body();
    out.println("Calendar " + cal.getString("from") + " – " + cal.getString("to"));
    for (Object o : cal.getJsonArray("environments")) {
      JsonObject env = (JsonObject) o;
      out.println();
      out.println(env.getString("environment"));
      for (Object e : env.getJsonArray("calendar")) {
        JsonObject entry = (JsonObject) e;
        out.printf(Locale.ROOT, "  %-8s %s – %s  %-24s %s%s%n", entry.getString("kind"), entry.getString("start"), entry.getString("end"),
            entry.getString("id"), entry.getJsonArray("types").isEmpty() ? "" : entry.getJsonArray("types").encode(),
            entry.getString("description") == null ? "" : "  " + entry.getString("description"));
      }
      for (Object w : env.getJsonArray("windows")) {
        JsonObject window = (JsonObject) w;
        out.printf(Locale.ROOT, "  %-8s %s – %s  %-24s %s  %s%n", "WINDOW", window.getString("scheduledStart"), window.getString("scheduledEnd"),
            window.getString("windowId"), window.getString("status"), window.getString("title"));
      }
      if (env.getJsonArray("calendar").isEmpty() && env.getJsonArray("windows").isEmpty()) {
        out.println("  (nothing in this range)");
      }
    }
    return ExitCodes.OK;
  }
}
