package io.facespark.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact ROC of labelled scores (score >= threshold accepts): one point per distinct score,
 * with AUC (trapezoids), EER (where FAR = FRR, interpolated between the two points that bracket
 * it) and TAR at a FAR target (the best TAR among thresholds whose FAR does not exceed it).
 */
public final class Roc {

  /** Accepting scores >= {@code threshold} gives these rates. */
  public record Point(double threshold, double far, double tar) {
  }

  private final List<Point> points;
  private final long genuine;
  private final long impostor;

  private Roc(List<Point> points, long genuine, long impostor) {
    this.points = points;
    this.genuine = genuine;
    this.impostor = impostor;
  }

  public static Roc of(double[] scores, boolean[] same) {
    int n = Threshold.checked(scores, same);
    Integer[] order = Threshold.order(scores, true);
    long positives = 0;
    for (boolean s : same) {
      positives += s ? 1 : 0;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("a ROC needs genuine and impostor scores; got " + positives
          + " genuine and " + negatives + " impostor");
    }
    List<Point> points = new ArrayList<>();
    points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
    long tp = 0;
    long fp = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      while (j < n && scores[order[j]] == scores[order[i]]) {
        if (same[order[j]]) {
          tp++;
        } else {
          fp++;
        }
        j++;
      }
      points.add(new Point(scores[order[i]], (double) fp / negatives, (double) tp / positives));
      i = j;
    }
    return new Roc(List.copyOf(points), positives, negatives);
  }

  /** Builds from ready-made points (e.g. from merged histograms), ordered by falling threshold. */
  public static Roc ofPoints(List<Point> points, long genuine, long impostor) {
    return new Roc(List.copyOf(points), genuine, impostor);
  }

  public List<Point> points() {
    return points;
  }

  public long genuine() {
    return genuine;
  }

  public long impostor() {
    return impostor;
  }

  public double auc() {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      area += (b.far() - a.far()) * (a.tar() + b.tar()) / 2;
    }
    return area;
  }

  /** Equal error rate: where FAR equals FRR (1 - TAR), linearly interpolated. */
  public double eer() {
    for (int i = 1; i < points.size(); i++) {
      Point a = points.get(i - 1);
      Point b = points.get(i);
      double da = a.far() - (1 - a.tar());
      double db = b.far() - (1 - b.tar());
      if (da <= 0 && db >= 0) {
        if (db == da) {
          return b.far();
        }
        double t = -da / (db - da);
        return a.far() + t * (b.far() - a.far());
      }
    }
    return Double.NaN;
  }

  /** The highest TAR reachable while FAR stays at or below {@code far}. */
  public double tarAtFar(double far) {
    return operatingPoint(far).tar();
  }

  /**
   * The point with the highest TAR whose FAR stays at or below {@code far}: its threshold is the
   * one to deploy for that false-accept budget (of thresholds reaching that TAR, the highest).
   */
  public Point operatingPoint(double far) {
    Point best = points.get(0);
    for (Point point : points) {
      if (point.far() <= far && point.tar() > best.tar()) {
        best = point;
      }
    }
    return best;
  }

  /** Whether the impostor count can resolve a FAR this small (at least one impostor per step). */
  public boolean resolves(double far) {
    return far * impostor >= 1;
  }
}
