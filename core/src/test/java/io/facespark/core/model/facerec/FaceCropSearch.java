package io.facespark.core.model.facerec;

import io.facespark.core.image.FaceCrop;
import io.facespark.testing.TestData;
import java.util.Locale;
import io.facespark.core.protocol.LfwPairs;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@link FaceCrop}'s LFW default was chosen: embeds View 1 {@code pairsDevTrain.txt} (training
 * split only; the test split is never looked at) with each candidate box and prints verification
 * accuracy at the best threshold. Candidates: centred squares of several sizes and a few vertical
 * shifts. Run (about 20-40 minutes on 2 shared cores for the full list; pass boxes to try a few):
 * {@code java <bin/bench flags> -cp <test classpath> io.facespark.core.model.facerec.FaceCropSearch}
 */
public final class FaceCropSearch {

  /**
   * The boxes evaluated, as left, top, width, height fractions of the image: first centred squares
   * of 90..170 px (of 250), then vertical shifts around the best sizes. Results on this machine
   * (accuracy at the best threshold, pairsDevTrain): centred 90 px 92.05%, 100 px 94.18%, 110 px
   * 94.77%, 120 px 94.64%, 130 px 94.32%, 150 px 90.73%, 170 px 85.73%; 110 px at top 0.24 84.50%,
   * 0.32 97.91%, 0.36 95.86%, 0.40 87.18%; 100 px at top 0.36 96.59%; 120 px at top 0.22 84.77%,
   * 0.29 98.00%, 0.30 98.09% (chosen), 0.31 98.05%, 0.34 97.00%; 130 px at top 0.28 97.77%.
   */
  static final double[][] CANDIDATES = {
      {0.32, 0.32, 0.36, 0.36},
      {0.30, 0.30, 0.40, 0.40},
      {0.28, 0.28, 0.44, 0.44},
      {0.26, 0.26, 0.48, 0.48},
      {0.24, 0.24, 0.52, 0.52},
      {0.20, 0.20, 0.60, 0.60},
      {0.16, 0.16, 0.68, 0.68},
      {0.28, 0.24, 0.44, 0.44},
      {0.28, 0.32, 0.44, 0.44},
      {0.28, 0.36, 0.44, 0.44},
      {0.28, 0.40, 0.44, 0.44},
      {0.30, 0.36, 0.40, 0.40},
      {0.26, 0.22, 0.48, 0.48},
      {0.26, 0.29, 0.48, 0.48},
      {0.26, 0.30, 0.48, 0.48},
      {0.26, 0.31, 0.48, 0.48},
      {0.26, 0.34, 0.48, 0.48},
      {0.24, 0.28, 0.52, 0.52},
  };

  /** Optional args: candidate boxes as "left,top,width,height" fractions; default {@link #CANDIDATES}. */
  public static void main(String[] args) {
    double[][] candidates = args.length == 0 ? CANDIDATES : java.util.Arrays.stream(args)
        .map(a -> java.util.Arrays.stream(a.split(",")).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
    List<LfwPairs.Pair> train = Verification.view1("pairsDevTrain.txt");
    Set<LfwPairs.Image> images = Verification.images(train);
    System.out.printf(Locale.ROOT, "pairsDevTrain: %d pairs, %d images%n", train.size(), images.size());
    try (FaceRecEmbedder embedder = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir())) {
      for (double[] c : candidates) {
        long start = System.nanoTime();
        FaceCrop crop = FaceCrop.relative(c[0], c[1], c[2], c[3]);
        Map<LfwPairs.Image, float[]> embeddings = LfwEmbeddings.embed(images, crop, embedder);
        Verification.Result result = Verification.bestThreshold(train, embeddings);
        System.out.printf(Locale.ROOT, "box left=%.2f top=%.2f w=%.2f h=%.2f (%3.0f px of 250): %s  [%.0f s]%n",
            c[0], c[1], c[2], c[3], c[2] * 250, result, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  private FaceCropSearch() {
  }

}
