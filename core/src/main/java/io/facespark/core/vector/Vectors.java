package io.facespark.core.vector;

/** Vector math on float embeddings, accumulating in double so results do not depend on length. */
public final class Vectors {

  private Vectors() {
  }

  public static double dot(float[] a, float[] b) {
    requireSameLength(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  public static double norm(float[] a) {
    double sum = 0;
    for (float v : a) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  /** Cosine similarity; NaN when either vector has zero norm. */
  public static double cosine(float[] a, float[] b) {
    double denominator = norm(a) * norm(b);
    return denominator == 0 ? Double.NaN : dot(a, b) / denominator;
  }

  /**
   * The sum of {@code vectors} scaled to unit length: the direction of their mean, which is how
   * averaged embeddings (test-time augmentation, two alignments) are combined.
   */
  public static float[] unitSum(float[]... vectors) {
    double[] sum = new double[vectors[0].length];
    for (float[] v : vectors) {
      requireSameLength(vectors[0], v);
      for (int k = 0; k < sum.length; k++) {
        sum[k] += v[k];
      }
    }
    double squares = 0;
    for (double v : sum) {
      squares += v * v;
    }
    double inv = 1 / Math.sqrt(squares);
    float[] out = new float[sum.length];
    for (int k = 0; k < sum.length; k++) {
      out[k] = (float) (sum[k] * inv);
    }
    return out;
  }

  private static void requireSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
    }
  }
}
