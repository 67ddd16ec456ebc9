package io.facespark.core.model.facerec;

import io.facespark.core.image.FaceCrop;
import io.facespark.testing.TestData;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How {@link FaceCrop}'s LFW default was chosen: embeds View 1 {@code pairsDevTrain.txt} (training
 * split only; the test split is never looked at) with each candidate box and prints verification
 * accuracy at the best threshold. Candidates: centred squares of several sizes and a few vertical
 * shifts. Run (about 10 minutes on 2 cores):
 * {@code java <bin/bench flags> -cp <test classpath> io.facespark.core.model.facerec.FaceCropSearch}
 */
public final class FaceCropSearch {

  /** left, top, width, height as fractions of the image. */
  static final double[][] CANDIDATES = {
      {0.28, 0.28, 0.44, 0.44},
      {0.24, 0.24, 0.52, 0.52},
      {0.20, 0.20, 0.60, 0.60},
      {0.16, 0.16, 0.68, 0.68},
      {0.24, 0.20, 0.52, 0.52},
      {0.24, 0.28, 0.52, 0.52},
      {0.20, 0.16, 0.60, 0.60},
      {0.20, 0.24, 0.60, 0.60},
  };

  /** Optional args: candidate boxes as "left,top,width,height" fractions; default {@link #CANDIDATES}. */
  public static void main(String[] args) {
    double[][] candidates = args.length == 0 ? CANDIDATES : java.util.Arrays.stream(args)
        .map(a -> java.util.Arrays.stream(a.split(",")).mapToDouble(Double::parseDouble).toArray())
        .toArray(double[][]::new);
    LfwPairs train = LfwPairs.read("pairsDevTrain.txt");
    Set<LfwPairs.Image> images = train.images();
    System.out.printf(Locale.ROOT, "pairsDevTrain: %d pairs, %d images%n", train.pairs().size(), images.size());
    try (FaceRecEmbedder embedder = FaceRecEmbedder.load(TestData.models().requireVerifiedModelDir())) {
      for (double[] c : candidates) {
        long start = System.nanoTime();
        FaceCrop crop = FaceCrop.relative(c[0], c[1], c[2], c[3]);
        Map<LfwPairs.Image, float[]> embeddings = LfwEmbeddings.embed(images, crop, embedder);
        Verification.Result result = Verification.bestThreshold(train.pairs(), embeddings);
        System.out.printf(Locale.ROOT, "box left=%.2f top=%.2f w=%.2f h=%.2f (%3.0f px of 250): %s  [%.0f s]%n",
            c[0], c[1], c[2], c[3], c[2] * 250, result, (System.nanoTime() - start) / 1e9);
      }
    }
  }

  private FaceCropSearch() {
  }

}
