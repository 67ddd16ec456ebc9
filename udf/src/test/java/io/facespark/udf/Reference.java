package io.facespark.udf;

import java.util.stream.IntStream;

/**
 * The double-precision textbook formulas the functions are checked against, written
 * independently of VectorMath (streams, no shared code).
 */
final class Reference {

  private Reference() {
  }

  static double dot(double[] a, double[] b) {
    return IntStream.range(0, a.length).mapToDouble(i -> a[i] * b[i]).sum();
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double cosine(double[] a, double[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }

  static double distance(double[] a, double[] b) {
    return Math.sqrt(IntStream.range(0, a.length).mapToDouble(i -> (a[i] - b[i]) * (a[i] - b[i]))
        .sum());
  }

  static double[] normalize(double[] a) {
    double n = norm(a);
    return IntStream.range(0, a.length).mapToDouble(i -> a[i] / n).toArray();
  }
}
