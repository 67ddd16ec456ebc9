package io.facespark.core.model.facerec;

/** Row-wise L2 normalisation (sums in double, so the norm does not depend on summation order). */
final class Embeddings {

  private Embeddings() {
  }

  static float[][] l2Normalise(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      double sum = 0;
      for (float v : rows[r]) {
        sum += (double) v * v;
      }
      if (!(sum > 0) || !Double.isFinite(sum)) {
        throw new IllegalStateException("embedding row " + r + " has norm " + Math.sqrt(sum)
            + "; cannot L2-normalise it");
      }
      double inv = 1.0 / Math.sqrt(sum);
      out[r] = new float[rows[r].length];
      for (int i = 0; i < rows[r].length; i++) {
        out[r][i] = (float) (rows[r][i] * inv);
      }
    }
    return out;
  }
}
