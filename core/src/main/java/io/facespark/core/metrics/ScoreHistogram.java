package io.facespark.core.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Genuine and impostor counts of cosine scores in fixed bins over [-1, 1]: what all-pairs
 * evaluation accumulates instead of keeping 10^8 scores. Histograms from different blocks merge by
 * addition, so they reduce across a cluster.
 *
 * <p>Bin error: scores in one bin are indistinguishable, so the ROC is exact at bin edges and a
 * threshold can move by at most one bin width ({@code 2 / bins}; 3.1e-5 for the default 65,536
 * bins). TAR at a FAR target is therefore off from the exact value by at most the genuine mass in
 * one bin at that threshold; {@link #binWidth()} and the bin's count say how much that is.
 */
public final class ScoreHistogram implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_BINS = 1 << 16;

  private final long[] genuine;
  private final long[] impostor;

  public ScoreHistogram(int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("need at least 2 bins, got " + bins);
    }
    genuine = new long[bins];
    impostor = new long[bins];
  }

  public ScoreHistogram() {
    this(DEFAULT_BINS);
  }

  public int bins() {
    return genuine.length;
  }

  public double binWidth() {
    return 2.0 / genuine.length;
  }

  /** Scores outside [-1, 1] (rounding) land in the end bins; NaN is refused. */
  public void add(double score, boolean same) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("NaN score");
    }
    int bin = (int) Math.floor((score + 1) / 2 * genuine.length);
    bin = Math.max(0, Math.min(genuine.length - 1, bin));
    if (same) {
      genuine[bin]++;
    } else {
      impostor[bin]++;
    }
  }

  public ScoreHistogram merge(ScoreHistogram other) {
    if (other.bins() != bins()) {
      throw new IllegalArgumentException("cannot merge histograms of " + bins() + " and " + other.bins() + " bins");
    }
    for (int i = 0; i < genuine.length; i++) {
      genuine[i] += other.genuine[i];
      impostor[i] += other.impostor[i];
    }
    return this;
  }

  public long genuineCount() {
    long n = 0;
    for (long c : genuine) {
      n += c;
    }
    return n;
  }

  public long impostorCount() {
    long n = 0;
    for (long c : impostor) {
      n += c;
    }
    return n;
  }

  /** Lower edge of a bin as a score. */
  public double lowerEdge(int bin) {
    return -1 + bin * binWidth();
  }

  public long genuineIn(int bin) {
    return genuine[bin];
  }

  public long impostorIn(int bin) {
    return impostor[bin];
  }

  /** The ROC at bin edges: accepting scores at or above each non-empty bin's lower edge. */
  public Roc roc() {
    long g = genuineCount();
    long i = impostorCount();
    if (g == 0 || i == 0) {
      throw new IllegalArgumentException("a ROC needs genuine and impostor scores; got " + g + " and " + i);
    }
    List<Roc.Point> points = new ArrayList<>();
    points.add(new Roc.Point(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int bin = genuine.length - 1; bin >= 0; bin--) {
      if (genuine[bin] == 0 && impostor[bin] == 0) {
        continue;
      }
      tp += genuine[bin];
      fp += impostor[bin];
      points.add(new Roc.Point(lowerEdge(bin), (double) fp / i, (double) tp / g));
    }
    return Roc.ofPoints(points, g, i);
  }
}
