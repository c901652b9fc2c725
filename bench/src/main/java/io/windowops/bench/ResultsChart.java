package io.windowops.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws one run's figures as a PNG with Java 2D (headless): latencies beside the baseline, and the targets. */
final class ResultsChart {

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 560;
  private static final Color BASELINE = new Color(150, 150, 150);
  private static final Color WINDOWOPS = new Color(40, 110, 190);
  private static final Color TARGET = new Color(200, 60, 50);

  private record Bar(String label, double value, Color color) {}

  private ResultsChart() {}

  static void write(BenchResults r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(String.format(Locale.ROOT, "WindowOps benchmark (%s, %s, %d cores, load average %.1f at the end)",
        r.mode(), r.startedAt(), r.cores(), r.loadAverage()), 20, 30);

    latencies(g, r);
    gauges(g, r);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static void latencies(Graphics2D g, BenchResults r) {
    List<Bar> bars = List.of(
        new Bar("Kafka p50", r.baselineRtt().p50(), BASELINE),
        new Bar("step p50", r.stepRtt().p50(), WINDOWOPS),
        new Bar("Kafka p99", r.baselineRtt().p99(), BASELINE),
        new Bar("step p99", r.stepRtt().p99(), WINDOWOPS),
        new Bar("timer p50", r.lateness().lateness().p50(), WINDOWOPS),
        new Bar("timer p99", r.lateness().lateness().p99(), WINDOWOPS));
    int left = 70;
    int top = 80;
    int bottom = HEIGHT - 60;
    int slot = 90;
    double max = Math.max(TARGETED_LATENESS, bars.stream().mapToDouble(Bar::value).max().orElse(1)) * 1.15;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.BLACK);
    g.drawString("round trips and timer lateness, ms (grey: raw Kafka, same run)", left, top - 20);
    g.drawLine(left, bottom, left + slot * bars.size(), bottom);
    g.drawLine(left, top, left, bottom);
    for (int tick = 0; tick <= 4; tick++) {
      double v = max * tick / 4;
      int y = bottom - (int) ((bottom - top) * tick / 4.0);
      g.drawString(String.format(Locale.ROOT, "%.0f", v), 20, y + 4);
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int h = (int) ((bottom - top) * b.value() / max);
      int x = left + 15 + i * slot;
      g.setColor(b.color());
      g.fillRect(x, bottom - h, 55, h);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.1f", b.value()), x + 5, bottom - h - 5);
      g.drawString(b.label(), x, bottom + 18);
    }
    int targetY = bottom - (int) ((bottom - top) * TARGETED_LATENESS / max);
    g.setColor(TARGET);
    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
    g.drawLine(left + 4 * slot, targetY, left + 6 * slot, targetY);
    g.drawString("p99 target 100 ms", left + 4 * slot + 5, targetY - 5);
    g.setStroke(new BasicStroke(1));
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "step / Kafka: p50 %.2fx, p99 %.2fx (target <= 1.5x)", r.rttRatioP50(), r.rttRatioP99()), left, bottom + 42);
  }

  private static final double TARGETED_LATENESS = BenchResults.TARGET_LATENESS_P99_MS;

  private static void gauges(Graphics2D g, BenchResults r) {
    int left = 660;
    int width = 380;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    gauge(g, left, 100, width,
        String.format(Locale.ROOT, "step transitions/s: %,.0f (target >= 5,000)", r.throughput().transitionsPerSecond()),
        r.throughput().transitionsPerSecond(), BenchResults.TARGET_TRANSITIONS);
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "%d windows x %d no-op steps, exactly-once,", r.throughput().windows(), r.throughput().steps()), left, 150);
    g.drawString(String.format(Locale.ROOT, "using %.1f%% of the raw Kafka record throughput", 100 * r.rawThroughputFraction()), left, 168);
    gauge(g, left, 230, width,
        String.format(Locale.ROOT, "takeover of %,d windows: %.1f s (target < 30 s for 100k)", r.takeover().windowsKnown(), r.takeover().takeoverSeconds()),
        r.takeover().takeoverSeconds(), BenchResults.TARGET_RESTORE_S);
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "raw Kafka: %,.0f records/s; RunStep %d B, StepOutcome %d B",
        r.rawRecordsPerSecond(), r.runStepBytes(), r.outcomeBytes()), left, 330);
    g.drawString(String.format(Locale.ROOT, "timer lateness max %.0f ms over %,d windows", r.lateness().lateness().max(), r.lateness().opened()), left, 355);
  }

  /** A horizontal bar of {@code value} on a scale where the target sits at two thirds. */
  private static void gauge(Graphics2D g, int x, int y, int width, String label, double value, double target) {
    double scale = Math.max(target * 1.5, value * 1.05);
    g.setColor(Color.BLACK);
    g.drawString(label, x, y - 8);
    g.setColor(new Color(235, 235, 235));
    g.fillRect(x, y, width, 24);
    g.setColor(WINDOWOPS);
    g.fillRect(x, y, (int) (width * value / scale), 24);
    int t = x + (int) (width * target / scale);
    g.setColor(TARGET);
    g.fillRect(t - 1, y - 4, 3, 32);
  }
}
