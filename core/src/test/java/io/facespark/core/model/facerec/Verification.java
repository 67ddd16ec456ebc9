package io.facespark.core.model.facerec;

import io.facespark.core.metrics.Threshold;
import io.facespark.core.protocol.LfwPairs;
import io.facespark.core.vector.Vectors;
import io.facespark.testing.TestData;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pair verification of embeddings by cosine similarity: accuracy at the best threshold (LFW View 1 tests and benchmarks). */
public final class Verification {

  public record Result(double accuracy, double threshold, double meanSame, double meanDifferent) {
    @Override
    public String toString() {
      return String.format("accuracy %.2f%% at cosine threshold %.3f (mean same %.3f, different %.3f)",
          100 * accuracy, threshold, meanSame, meanDifferent);
    }
  }

  private Verification() {
  }

  /** The one fold of a View 1 file ({@code pairsDevTrain.txt}, {@code pairsDevTest.txt}). */
  public static List<LfwPairs.Pair> view1(String fileName) {
    return LfwPairs.read(TestData.lfwDir().resolve(fileName)).get(0);
  }

  public static Set<LfwPairs.Image> images(List<LfwPairs.Pair> pairs) {
    Set<LfwPairs.Image> images = new LinkedHashSet<>();
    pairs.forEach(p -> {
      images.add(p.a());
      images.add(p.b());
    });
    return images;
  }

  public static Result bestThreshold(List<LfwPairs.Pair> pairs, Map<LfwPairs.Image, float[]> embeddings) {
    double[] scores = new double[pairs.size()];
    boolean[] same = new boolean[pairs.size()];
    double sameSum = 0;
    double differentSum = 0;
    int sameCount = 0;
    for (int i = 0; i < scores.length; i++) {
      LfwPairs.Pair pair = pairs.get(i);
      scores[i] = Vectors.cosine(embeddings.get(pair.a()), embeddings.get(pair.b()));
      same[i] = pair.same();
      if (same[i]) {
        sameSum += scores[i];
        sameCount++;
      } else {
        differentSum += scores[i];
      }
    }
    Threshold.Best best = Threshold.maximisingAccuracy(scores, same);
    return new Result(best.accuracy(), best.threshold(), sameSum / sameCount, differentSum / (scores.length - sameCount));
  }
}
