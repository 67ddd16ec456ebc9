package io.facespark.core.model.facerec;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Pair verification by euclidean distance of unit embeddings: accuracy at the best threshold. */
final class Verification {

  record Result(double accuracy, double threshold, double meanSame, double meanDifferent) {
    @Override
    public String toString() {
      return String.format("accuracy %.2f%% at distance threshold %.3f (mean same %.3f, different %.3f)",
          100 * accuracy, threshold, meanSame, meanDifferent);
    }
  }

  private Verification() {
  }

  static Result bestThreshold(List<LfwPairs.Pair> pairs, Map<LfwPairs.Image, float[]> embeddings) {
    int n = pairs.size();
    double[][] scored = new double[n][];
    double same = 0;
    double different = 0;
    int sameCount = 0;
    for (int i = 0; i < n; i++) {
      LfwPairs.Pair pair = pairs.get(i);
      double d = distance(embeddings.get(pair.a()), embeddings.get(pair.b()));
      scored[i] = new double[] {d, pair.same() ? 1 : 0};
      if (pair.same()) {
        same += d;
        sameCount++;
      } else {
        different += d;
      }
    }
    Arrays.sort(scored, Comparator.comparingDouble(s -> s[0]));
    // Threshold below everything: all "different" are right.
    int correct = n - sameCount;
    int best = correct;
    double bestThreshold = scored[0][0] - 1e-6;
    for (int i = 0; i < n; i++) {
      correct += scored[i][1] == 1 ? 1 : -1;
      boolean tie = i + 1 < n && scored[i + 1][0] == scored[i][0];
      if (!tie && correct > best) {
        best = correct;
        bestThreshold = i + 1 < n ? (scored[i][0] + scored[i + 1][0]) / 2 : scored[i][0] + 1e-6;
      }
    }
    return new Result((double) best / n, bestThreshold, same / sameCount, different / (n - sameCount));
  }

  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
