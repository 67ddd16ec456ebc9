package io.facespark.core.align;

/**
 * A 2-D similarity transform (rotation, uniform scale, translation; no reflection, no shear):
 * {@code x' = a*x - b*y + tx}, {@code y' = b*x + a*y + ty}.
 *
 * <p>{@link #fit} is the least-squares solution (Umeyama 1991 restricted to proper rotations):
 * in 2-D the matrix {@code [[a, -b], [b, a]]} is linear in (a, b), so after centring both point
 * sets the optimum is closed form: {@code a = sum(p . q) / sum|p|^2},
 * {@code b = sum(p x q) / sum|p|^2}. A reflection cannot come out of this parametrisation.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /** The transform taking {@code from} closest to {@code to} (x, y pairs, same count, at least 2 points). */
  public static SimilarityTransform fit(double[] from, double[] to) {
    if (from.length != to.length || from.length < 4 || from.length % 2 != 0) {
      throw new IllegalArgumentException("need matching x, y pairs (at least two points), got "
          + from.length + " and " + to.length + " values");
    }
    int n = from.length / 2;
    double fx = 0;
    double fy = 0;
    double gx = 0;
    double gy = 0;
    for (int i = 0; i < n; i++) {
      fx += from[2 * i];
      fy += from[2 * i + 1];
      gx += to[2 * i];
      gy += to[2 * i + 1];
    }
    fx /= n;
    fy /= n;
    gx /= n;
    gy /= n;
    double norm = 0;
    double dot = 0;
    double cross = 0;
    for (int i = 0; i < n; i++) {
      double px = from[2 * i] - fx;
      double py = from[2 * i + 1] - fy;
      double qx = to[2 * i] - gx;
      double qy = to[2 * i + 1] - gy;
      norm += px * px + py * py;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
    }
    if (!(norm > 0)) {
      throw new IllegalArgumentException("the source points all coincide: no transform to fit");
    }
    double a = dot / norm;
    double b = cross / norm;
    return new SimilarityTransform(a, b, gx - (a * fx - b * fy), gy - (b * fx + a * fy));
  }

  public double scale() {
    return Math.hypot(a, b);
  }

  /** Rotation in radians (counter-clockwise in x-right, y-up axes; clockwise on screen). */
  public double angle() {
    return Math.atan2(b, a);
  }

  public double[] apply(double x, double y) {
    return new double[] {a * x - b * y + tx, b * x + a * y + ty};
  }

  /** Points {@code x0, y0, x1, y1, ...} mapped, as a new array. */
  public float[] apply(float[] points) {
    float[] mapped = new float[points.length];
    for (int i = 0; i < points.length; i += 2) {
      double[] p = apply(points[i], points[i + 1]);
      mapped[i] = (float) p[0];
      mapped[i + 1] = (float) p[1];
    }
    return mapped;
  }

  public SimilarityTransform inverse() {
    double s2 = a * a + b * b;
    double ia = a / s2;
    double ib = -b / s2;
    return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
  }

  /** Root-mean-square distance between the mapped {@code from} points and {@code to}. */
  public double rmsError(double[] from, double[] to) {
    double sum = 0;
    for (int i = 0; i < from.length / 2; i++) {
      double[] p = apply(from[2 * i], from[2 * i + 1]);
      sum += Math.pow(p[0] - to[2 * i], 2) + Math.pow(p[1] - to[2 * i + 1], 2);
    }
    return Math.sqrt(sum / (from.length / 2));
  }

  /** The 2x3 row-major matrix OpenCV's warpAffine takes. */
  public double[] toAffineRows() {
    return new double[] {a, -b, tx, b, a, ty};
  }
}
