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

  private static void requireSameLength(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors of different lengths: " + a.length + " and " + b.length);
    }
  }
}
