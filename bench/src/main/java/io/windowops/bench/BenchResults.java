package io.windowops.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every figure of one benchmark run, its ratios to the baseline and the targets it is reported against. */
record BenchResults(
    String mode,
    String startedAt,
    int cores,
    double loadAverage,
    int runStepBytes,
    int outcomeBytes,
    Distribution baselineRtt,
    Distribution baselinePlainRtt,
    double rawRecordsPerSecond,
    Distribution stepRtt,
    WindowPhases.Throughput throughput,
    WindowPhases.Lateness lateness,
    AdmissionIntake.Intake admission,
    StateTakeover.Takeover takeover) {

  static final double TARGET_RTT_RATIO = 1.5;
  static final double TARGET_TRANSITIONS = 5_000;
  static final double TARGET_LATENESS_P99_MS = 100;
  static final double TARGET_RESTORE_S = 30;

  double rttRatioP50() {
    return stepRtt.p50() / baselineRtt.p50();
  }

  double rttRatioP99() {
    return stepRtt.p99() / baselineRtt.p99();
  }

  /** The share of the raw record throughput the sustained step transitions use. */
  double rawThroughputFraction() {
    return throughput.transitionsPerSecond() * throughput.logEntriesPerTransition() / rawRecordsPerSecond;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("mode", mode)
        .put("started_at", startedAt)
        .put("cores", cores)
        .put("load_average_at_end", round(loadAverage))
        .put("run_step_bytes", runStepBytes)
        .put("step_outcome_bytes", outcomeBytes)
        .put("baseline_rtt_p50_ms", round(baselineRtt.p50()))
        .put("baseline_rtt_p99_ms", round(baselineRtt.p99()))
        .put("baseline_rtt_samples", baselineRtt.count())
        .put("baseline_plain_rtt_p50_ms", round(baselinePlainRtt.p50()))
        .put("baseline_plain_rtt_p99_ms", round(baselinePlainRtt.p99()))
        .put("baseline_records_per_s", Math.round(rawRecordsPerSecond))
        .put("step_rtt_p50_ms", round(stepRtt.p50()))
        .put("step_rtt_p99_ms", round(stepRtt.p99()))
        .put("step_rtt_samples", stepRtt.count())
        .put("rtt_ratio_p50", round(rttRatioP50()))
        .put("rtt_ratio_p99", round(rttRatioP99()))
        .put("rtt_ratio_plain_p50", round(stepRtt.p50() / baselinePlainRtt.p50()))
        .put("step_transitions_per_s", round(throughput.transitionsPerSecond()))
        .put("throughput_windows", throughput.windows())
        .put("throughput_steps_per_window", throughput.steps())
        .put("throughput_windows_completed", throughput.completed())
        .put("throughput_duplicate_run_steps", throughput.duplicateRunSteps())
        .put("log_entries_per_transition", round(throughput.logEntriesPerTransition()))
        .put("raw_throughput_fraction", round(rawThroughputFraction()))
        .put("timer_windows", lateness.opened())
        .put("timer_windows_scheduled_before_start", lateness.scheduledBeforeStart())
        .put("timer_intake_s", round(lateness.intakeSeconds()))
        .put("timer_lateness_p50_ms", round(lateness.lateness().p50()))
        .put("timer_lateness_p99_ms", round(lateness.lateness().p99()))
        .put("timer_lateness_max_ms", round(lateness.lateness().max()))
        .put("admission_claims_small", admission.small())
        .put("admission_claims_large", admission.large())
        .put("admission_small_s", round(admission.smallSeconds()))
        .put("admission_large_s", round(admission.largeSeconds()))
        .put("admission_growth_for_10x_claims", round(admission.growth()))
        .put("admission_decisions_per_s", Math.round(admission.decisionsPerSecond()))
        .put("admission_latency_p50_ms", round3(admission.latency().p50()))
        .put("admission_latency_p99_ms", round3(admission.latency().p99()))
        .put("admission_refused", admission.refused())
        .put("admission_flat_list_small_s", round(admission.flatSmallSeconds()))
        .put("admission_index_speedup", round(admission.indexSpeedup()))
        .put("restore_windows_written", takeover.windowsWritten())
        .put("restore_windows_known", takeover.windowsKnown())
        .put("restore_100k_s", takeover.windowsWritten() >= 100_000 ? round(takeover.takeoverSeconds()) : null)
        .put("restore_s", round(takeover.takeoverSeconds()))
        .put("restore_metric_s", round(takeover.restoreMetricSeconds()))
        .put("restore_write_s", round(takeover.writeSeconds()));
  }

  /** The table printed at the end of a run. */
  String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"figure", "measured", "vs baseline", "target"});
    rows.add(new String[] {"raw Kafka two-hop round trip, p50 / p99 (transactional hops)", ms(baselineRtt.p50()) + " / " + ms(baselineRtt.p99()), "1", ""});
    rows.add(new String[] {"raw Kafka two-hop round trip, p50 / p99 (acks=all, no transactions)", ms(baselinePlainRtt.p50()) + " / " + ms(baselinePlainRtt.p99()), "", ""});
    rows.add(new String[] {"raw Kafka record throughput", String.format(Locale.ROOT, "%,.0f records/s", rawRecordsPerSecond), "1", ""});
    rows.add(new String[] {"step round trip, p50 / p99", ms(stepRtt.p50()) + " / " + ms(stepRtt.p99()),
        String.format(Locale.ROOT, "%.2fx / %.2fx", rttRatioP50(), rttRatioP99()), "<= 1.5x " + verdict(rttRatioP50() <= TARGET_RTT_RATIO && rttRatioP99() <= TARGET_RTT_RATIO)});
    rows.add(new String[] {String.format(Locale.ROOT, "step transitions/s (%d windows x %d steps, exactly-once)", throughput.windows(), throughput.steps()),
        String.format(Locale.ROOT, "%,.0f", throughput.transitionsPerSecond()),
        String.format(Locale.ROOT, "%.1f%% of raw (%.1f log entries each)", 100 * rawThroughputFraction(), throughput.logEntriesPerTransition()),
        ">= 5,000 " + verdict(throughput.transitionsPerSecond() >= TARGET_TRANSITIONS)});
    rows.add(new String[] {String.format(Locale.ROOT, "timer lateness, p50 / p99 / max (%d windows)", lateness.opened()),
        ms(lateness.lateness().p50()) + " / " + ms(lateness.lateness().p99()) + " / " + ms(lateness.lateness().max()), "",
        "p99 <= 100 ms " + verdict(lateness.lateness().p99() <= TARGET_LATENESS_P99_MS)});
    rows.add(new String[] {String.format(Locale.ROOT, "request intake: %d windows requested, approved, scheduled", lateness.opened()),
        String.format(Locale.ROOT, "%.1f s (%d scheduled before their start)", lateness.intakeSeconds(), lateness.scheduledBeforeStart()), "", ""});
    rows.add(new String[] {String.format(Locale.ROOT, "admission: %,d / %,d slot claims decided (index, no Kafka)", admission.small(), admission.large()),
        String.format(Locale.ROOT, "%.2f s / %.2f s (%.1fx for 10x); %,.0f decisions/s; p50 / p99 %.3f / %.3f ms",
            admission.smallSeconds(), admission.largeSeconds(), admission.growth(), admission.decisionsPerSecond(),
            admission.latency().p50(), admission.latency().p99()),
        String.format(Locale.ROOT, "%.1fx faster than a flat list at %,d", admission.indexSpeedup(), admission.small()),
        "linear: ~10x " + verdict(admission.growth() < 20)});
    rows.add(new String[] {String.format(Locale.ROOT, "scheduler takeover of %,d windows", takeover.windowsKnown()),
        String.format(Locale.ROOT, "%.1f s", takeover.takeoverSeconds()), "",
        "< 30 s for 100k " + (takeover.windowsWritten() >= 100_000 ? verdict(takeover.takeoverSeconds() < TARGET_RESTORE_S) : "(not 100k)")});
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      out.append(String.format(Locale.ROOT, "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n", r[0], r[1], r[2], r[3]));
    }
    return out.toString();
  }

  private static String verdict(boolean met) {
    return met ? "(met)" : "(NOT met)";
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f ms", value);
  }

  static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
