package io.facespark.core.metrics;

import java.util.Arrays;

/**
 * The accept threshold that maximises verification accuracy on labelled scores (score >= t means
 * "same person"). Candidates are the midpoints between consecutive distinct scores, plus one
 * below the lowest and one above the highest, so a tie is never split by the threshold. Among
 * equally accurate thresholds the lowest wins (deterministic).
 */
public final class Threshold {

  /** The chosen threshold and the accuracy it gives on the scores it was chosen on. */
  public record Best(double threshold, double accuracy) {
  }

  private Threshold() {
  }

  public static Best maximisingAccuracy(double[] scores, boolean[] same) {
    int n = checked(scores, same);
    Integer[] order = order(scores, false);
    long positives = 0;
    for (boolean s : same) {
      positives += s ? 1 : 0;
    }
    // Threshold below everything: all accepted, correct = positives.
    long correct = positives;
    double bestThreshold = Math.nextDown(scores[order[0]]);
    long bestCorrect = correct;
    for (int i = 0; i < n; ) {
      int j = i;
      // Move the threshold past every pair with this score at once.
      while (j < n && scores[order[j]] == scores[order[i]]) {
        correct += same[order[j]] ? -1 : 1;
        j++;
      }
      double threshold = j < n ? (scores[order[i]] + scores[order[j]]) / 2 : Math.nextUp(scores[order[i]]);
      if (correct > bestCorrect) {
        bestCorrect = correct;
        bestThreshold = threshold;
      }
      i = j;
    }
    return new Best(bestThreshold, (double) bestCorrect / n);
  }

  public static double accuracy(double[] scores, boolean[] same, double threshold) {
    int n = checked(scores, same);
    long correct = 0;
    for (int i = 0; i < n; i++) {
      correct += (scores[i] >= threshold) == same[i] ? 1 : 0;
    }
    return (double) correct / n;
  }

  /** Indices of {@code scores} in ascending (or descending) score order. */
  static Integer[] order(double[] scores, boolean descending) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, descending ? (x, y) -> Double.compare(scores[y], scores[x])
        : (x, y) -> Double.compare(scores[x], scores[y]));
    return order;
  }

  static int checked(double[] scores, boolean[] same) {
    if (scores.length != same.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + same.length + " labels");
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
    }
    return scores.length;
  }
}
