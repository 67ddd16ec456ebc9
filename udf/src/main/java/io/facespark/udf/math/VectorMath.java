package io.facespark.udf.math;

import io.facespark.udf.VectorFunction;

/**
 * The arithmetic behind every facespark SQL function, written once. Every registration path (the
 * native Spark expression, the Hive GenericUDFs and the Java UDFs for PySpark) reads its input
 * into {@code double[]} and calls these methods, so all paths give the same answers.
 *
 * <p>Semantics follow Spark 4.2's built-in {@code vector_*} functions: an empty or zero-norm
 * vector has no cosine similarity and no direction (NULL), while its inner product, distance
 * and norm are 0; NaN propagates. Unlike Spark 4.2, which sums in float, sums are kept in double
 * and only the result is rounded to float, so results are the double-precision answer rounded
 * once.
 *
 * <p>NULL arrays and NULL elements never reach this class: the callers return NULL first.
 */
public final class VectorMath {

  /**
   * Norms (or products of norms) below the smallest normal float count as zero, as in Spark 4.2:
   * dividing by them would give a float result that is noise or infinite.
   */
  static final double ZERO_NORM = Float.MIN_NORMAL;

  private VectorMath() {
  }

  /** Cosine similarity; NULL for empty or zero-norm vectors. Lengths must match. */
  public static Float cosineSimilarity(double[] a, double[] b) {
    VectorFunction.COSINE_SIM.requireSameLength(a.length, b.length);
    if (a.length == 0) {
      return null;
    }
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      double x = a[i];
      double y = b[i];
      dot += x * y;
      aa += x * x;
      bb += y * y;
    }
    // sqrt each sum before multiplying: for array<double> input aa * bb overflows long before
    // the dot product does.
    double normProduct = Math.sqrt(aa) * Math.sqrt(bb);
    if (normProduct < ZERO_NORM) {
      return null;
    }
    return (float) (dot / normProduct);
  }

  /** Inner (dot) product; 0 for empty vectors. Lengths must match. */
  public static float innerProduct(double[] a, double[] b) {
    VectorFunction.INNER_PRODUCT.requireSameLength(a.length, b.length);
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return (float) dot;
  }

  /** Euclidean distance; 0 for empty vectors. Lengths must match. */
  public static float l2Distance(double[] a, double[] b) {
    VectorFunction.L2_DISTANCE.requireSameLength(a.length, b.length);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return (float) Math.sqrt(sum);
  }

  /** Euclidean (L2) norm; 0 for an empty vector. */
  public static float norm(double[] a) {
    return (float) Math.sqrt(sumOfSquares(a));
  }

  /**
   * The vector scaled to unit L2 norm, each element divided in double and rounded to float. An
   * empty vector gives an empty array (as Spark 4.2's {@code vector_normalize}); a zero-norm
   * vector has no direction and gives NULL.
   */
  public static float[] l2Normalize(double[] a) {
    if (a.length == 0) {
      return new float[0];
    }
    double norm = Math.sqrt(sumOfSquares(a));
    if (norm < ZERO_NORM) {
      return null;
    }
    float[] unit = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      unit[i] = (float) (a[i] / norm);
    }
    return unit;
  }

  private static double sumOfSquares(double[] a) {
    double sum = 0;
    for (double x : a) {
      sum += x * x;
    }
    return sum;
  }
}
