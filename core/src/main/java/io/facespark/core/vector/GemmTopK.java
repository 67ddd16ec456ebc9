package io.facespark.core.vector;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Exact top-K of a probe block against a gallery block: a float GEMM scores the pairs tile by
 * tile, and each probe's {@link TopK} takes the candidates.
 *
 * <p>Why results do not depend on blocking: a GEMM's float rounding depends on its kernel and
 * tile shape, so its scores only <em>select</em> candidates. A candidate within {@link #margin}
 * of the current K-th score is rescored exactly (double sum of the same float vectors, rounded to
 * float once) and that exact score is what is ranked and stored. The margin bounds the GEMM's
 * error for unit vectors (2 d u, u = 2^-24), so no candidate that belongs in the exact top-K is
 * ever skipped. Memory: one probes x {@code tileRows} score matrix (off-heap) at a time.
 */
public final class GemmTopK {

  private final int tileRows;

  public GemmTopK(int tileRows) {
    if (tileRows < 1) {
      throw new IllegalArgumentException("tileRows must be at least 1, got " + tileRows);
    }
    this.tileRows = tileRows;
  }

  /** The largest GEMM error, for unit vectors of this dimension, that the exact rescoring covers. */
  public static float margin(int dimension) {
    return (float) (dimension * Math.scalb(1.0, -22));
  }

  /** Offers every (probe, gallery row) pair of the two blocks to {@code tops[probe]}. */
  public void score(VectorBlock probes, VectorBlock gallery, TopK[] tops) {
    if (probes.dimension() != gallery.dimension()) {
      throw new IllegalArgumentException("probe block " + probes.id() + " has " + probes.dimension()
          + "-d vectors, gallery block " + gallery.id() + " " + gallery.dimension() + "-d");
    }
    if (tops.length != probes.size()) {
      throw new IllegalArgumentException(tops.length + " top-K lists for " + probes.size() + " probes");
    }
    if (probes.size() == 0 || gallery.size() == 0) {
      return;
    }
    int dim = probes.dimension();
    float margin = margin(dim);
    INDArray p = Nd4j.create(probes.vectors(), new long[] {probes.size(), dim}, 'c');
    INDArray fullTile = null;
    float[] floors = new float[tops.length];
    for (int r = 0; r < tops.length; r++) {
      floors[r] = tops[r].floor() - margin;
    }
    for (int from = 0; from < gallery.size(); from += tileRows) {
      int to = Math.min(gallery.size(), from + tileRows);
      INDArray g = Nd4j.create(Arrays.copyOfRange(gallery.vectors(), from * dim, to * dim),
          new long[] {to - from, dim}, 'c');
      int width = to - from;
      // Into a reused row-major output: a fresh result per call (mmul) runs at a third of the
      // GEMM's speed, and walking a column-major one misses the cache on every score.
      boolean full = width == tileRows;
      if (full && fullTile == null) {
        fullTile = Nd4j.createUninitialized(DataType.FLOAT, new long[] {probes.size(), tileRows}, 'c');
      }
      INDArray s = full ? fullTile : Nd4j.createUninitialized(DataType.FLOAT, new long[] {probes.size(), width}, 'c');
      Nd4j.gemm(p, g, s, false, true, 1.0, 0.0);
      FloatBuffer scores = s.data().asNioFloat();
      // Each row's maximum, from one native (vectorised, threaded) pass: once a probe's list is
      // full, most tiles hold nothing that can enter it, and its row is skipped unread.
      float[] rowMax;
      try (INDArray max = s.max(1)) {
        rowMax = max.toFloatVector();
      }
      for (int r = 0; r < probes.size(); r++) {
        if (rowMax[r] < floors[r]) {
          continue;
        }
        int base = r * width;
        for (int j = 0; j < width; j++) {
          if (scores.get(base + j) >= floors[r]) {
            int gi = from + j;
            float exact = exactScore(probes.vectors(), r, gallery.vectors(), gi, dim);
            if (tops[r].offer(exact, gallery.entry(gi), gallery.row(gi))) {
              floors[r] = tops[r].floor() - margin;
            }
          }
        }
      }
      if (s != fullTile) {
        s.close();
      }
      g.close();
    }
    if (fullTile != null) {
      fullTile.close();
    }
    p.close();
  }

  /** The stored score: a double sum of the float products, rounded once. */
  public static float exactScore(float[] a, int rowA, float[] b, int rowB, int dim) {
    double sum = 0;
    int offA = rowA * dim;
    int offB = rowB * dim;
    for (int k = 0; k < dim; k++) {
      sum += (double) a[offA + k] * b[offB + k];
    }
    return (float) sum;
  }
}
