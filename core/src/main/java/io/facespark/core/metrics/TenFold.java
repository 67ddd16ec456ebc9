package io.facespark.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * LFW's 10-fold protocol: for each fold, choose the accuracy-maximising threshold on the other
 * folds and measure accuracy on the held-out one. Reports the fold accuracies, their mean, the
 * sample standard deviation (n - 1) and the standard error of the mean (std / sqrt(n)), as the
 * LFW benchmark results page defines them.
 */
public final class TenFold {

  /** Scores and labels of one fold. */
  public record Fold(double[] scores, boolean[] same) {
  }

  /** One held-out fold's result. */
  public record FoldResult(int fold, double threshold, double trainAccuracy, double accuracy) {
  }

  /** The protocol's outcome. */
  public record Result(List<FoldResult> folds, double mean, double std, double standardError, double meanThreshold) {
  }

  private TenFold() {
  }

  public static Result evaluate(List<Fold> folds) {
    if (folds.size() < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds.size());
    }
    List<FoldResult> results = new ArrayList<>();
    for (int held = 0; held < folds.size(); held++) {
      Fold train = concat(folds, held);
      Threshold.Best best = Threshold.maximisingAccuracy(train.scores(), train.same());
      Fold test = folds.get(held);
      results.add(new FoldResult(held + 1, best.threshold(), best.accuracy(),
          Threshold.accuracy(test.scores(), test.same(), best.threshold())));
    }
    double mean = results.stream().mapToDouble(FoldResult::accuracy).average().orElseThrow();
    double squares = results.stream().mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean)).sum();
    double std = Math.sqrt(squares / (results.size() - 1));
    double meanThreshold = results.stream().mapToDouble(FoldResult::threshold).average().orElseThrow();
    return new Result(results, mean, std, std / Math.sqrt(results.size()), meanThreshold);
  }

  private static Fold concat(List<Fold> folds, int skip) {
    int n = 0;
    for (int f = 0; f < folds.size(); f++) {
      n += f == skip ? 0 : folds.get(f).scores().length;
    }
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int at = 0;
    for (int f = 0; f < folds.size(); f++) {
      if (f == skip) {
        continue;
      }
      Fold fold = folds.get(f);
      System.arraycopy(fold.scores(), 0, scores, at, fold.scores().length);
      System.arraycopy(fold.same(), 0, same, at, fold.same().length);
      at += fold.scores().length;
    }
    return new Fold(scores, same);
  }
}
