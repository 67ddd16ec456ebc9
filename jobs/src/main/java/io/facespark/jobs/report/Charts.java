package io.facespark.jobs.report;

import io.facespark.core.metrics.OpenSetIdentification;
import io.facespark.core.metrics.Roc;
import io.facespark.core.metrics.ScoreHistogram;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The project's plots (XChart, headless PNG): ROC with a log FAR axis, score distributions, CMC. */
public final class Charts {

  private static final int WIDTH = 800;
  private static final int HEIGHT = 560;

  private Charts() {
  }

  /** ROC as TAR against log10 FAR; points at FAR 0 cannot sit on a log axis and start the curve at the smallest FAR. */
  public static XYChart roc(Roc roc, String title) {
    double minFar = 1.0 / roc.impostor();
    List<Double> far = new ArrayList<>();
    List<Double> tar = new ArrayList<>();
    for (Roc.Point point : roc.points()) {
      if (point.far() >= minFar) {
        far.add(point.far());
        tar.add(point.tar());
      }
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("false accept rate (log scale)").yAxisTitle("true accept rate").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    XYSeries series = chart.addSeries(String.format(java.util.Locale.ROOT, "AUC %.4f, EER %.4f", roc.auc(), roc.eer()),
        far, tar);
    series.setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /**
   * Genuine and impostor score distributions as densities (each sums to 1), so a few thousand
   * genuine pairs stay visible beside millions of impostors.
   */
  public static XYChart scores(ScoreHistogram histogram, int displayBins, String title) {
    int bins = histogram.bins();
    int group;
    List<Double> x = new ArrayList<>();
    List<Double> genuine = new ArrayList<>();
    List<Double> impostor = new ArrayList<>();
    double g = histogram.genuineCount();
    double i = histogram.impostorCount();
    // Plot only the span that holds scores, so the shapes are not squeezed into a corner of [-1, 1].
    int first = 0;
    while (first < bins - 1 && histogram.genuineIn(first) + histogram.impostorIn(first) == 0) {
      first++;
    }
    int last = bins - 1;
    while (last > first && histogram.genuineIn(last) + histogram.impostorIn(last) == 0) {
      last--;
    }
    group = Math.max(1, (last - first + 1) / displayBins);
    for (int start = first; start <= last; start += group) {
      long gs = 0;
      long is = 0;
      for (int b = start; b < Math.min(last + 1, start + group); b++) {
        gs += histogram.genuineIn(b);
        is += histogram.impostorIn(b);
      }
      x.add(histogram.lowerEdge(start) + histogram.binWidth() * group / 2);
      genuine.add(gs / g);
      impostor.add(is / i);
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("cosine similarity").yAxisTitle("fraction of pairs per bin").build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.addSeries(String.format(java.util.Locale.ROOT, "impostor (%,d pairs)", (long) i), x, impostor)
        .setMarker(SeriesMarkers.NONE);
    chart.addSeries(String.format(java.util.Locale.ROOT, "genuine (%,d pairs)", (long) g), x, genuine)
        .setMarker(SeriesMarkers.NONE);
    return chart;
  }

  /** Cumulative match characteristic: identification rate of mated probes against rank. */
  public static XYChart cmc(double[] cmc, String title) {
    List<Double> rank = new ArrayList<>();
    List<Double> rate = new ArrayList<>();
    for (int k = 0; k < cmc.length; k++) {
      rank.add(k + 1.0);
      rate.add(cmc[k]);
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("rank").yAxisTitle("identification rate (mated probes)").build();
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.addSeries(String.format(java.util.Locale.ROOT, "rank-1 %.4f", cmc[0]), rank, rate);
    return chart;
  }

  /**
   * Open-set trade-off: FNIR against FPIR (log scale) over thresholds, one point per operating
   * point; unresolvable FPIRs (fewer than one non-mated probe) are left out.
   */
  public static XYChart fnirFpir(List<OpenSetIdentification.Operating> points, String title) {
    List<Double> fpir = new ArrayList<>();
    List<Double> fnir = new ArrayList<>();
    for (OpenSetIdentification.Operating point : points) {
      if (point.resolvable() && point.fpir() > 0) {
        fpir.add(point.fpir());
        fnir.add(point.fnir());
      }
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("false positive identification rate (log scale)")
        .yAxisTitle("false negative identification rate").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.addSeries("FNIR at FPIR", fpir, fnir);
    return chart;
  }

  /** A scatter plot with one coloured series per group (e.g. a 2-D projection, one group per identity). */
  public static XYChart scatter(Map<String, double[][]> groups, String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    groups.forEach((name, points) -> chart.addSeries(name + " (" + points.length + ")",
        Arrays.stream(points).mapToDouble(p -> p[0]).toArray(),
        Arrays.stream(points).mapToDouble(p -> p[1]).toArray()));
    return chart;
  }

  /** The chart as an image, for notebooks (a cell ending in a BufferedImage shows it inline). */
  public static BufferedImage image(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  public static void savePng(XYChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
