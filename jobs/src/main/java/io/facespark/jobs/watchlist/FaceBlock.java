package io.facespark.jobs.watchlist;

import io.facespark.core.vector.VectorBlock;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Unit vectors with their names: what one search task multiplies. Gallery rows are kept in tie
 * order ({@link FaceName#order}), so that the block-local ordinals the GEMM's top-K compares
 * order exactly as the names do: row i is the i-th name; its entry is the index of its label
 * among the block's labels when identities are ranked, else the row itself.
 */
record FaceBlock(VectorBlock vectors, FaceName[] names) implements Serializable {

  /** {@code rows}: unit vectors of {@code dimension}, parallel to {@code names}; sorted here when {@code order} is given. */
  static FaceBlock of(int id, int dimension, List<float[]> rows, List<FaceName> names, Comparator<FaceName> order,
                      boolean byLabel) {
    Integer[] at = new Integer[names.size()];
    Arrays.setAll(at, i -> i);
    if (order != null) {
      Arrays.sort(at, (a, b) -> order.compare(names.get(a), names.get(b)));
    }
    float[] values = new float[at.length * dimension];
    FaceName[] sorted = new FaceName[at.length];
    for (int i = 0; i < at.length; i++) {
      System.arraycopy(rows.get(at[i]), 0, values, i * dimension, dimension);
      sorted[i] = names.get(at[i]);
    }
    return numbered(id, dimension, values, sorted, byLabel);
  }

  private static FaceBlock numbered(int id, int dimension, float[] values, FaceName[] names, boolean byLabel) {
    int[] ordinals = new int[names.length];
    int[] entries = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      ordinals[i] = i;
      boolean sameEntry = byLabel && i > 0 && names[i].label().equals(names[i - 1].label());
      entries[i] = i == 0 ? 0 : sameEntry ? entries[i - 1] : byLabel ? entries[i - 1] + 1 : i;
    }
    return new FaceBlock(new VectorBlock(id, dimension, values, ordinals, entries), names);
  }

  int id() {
    return vectors.id();
  }

  int size() {
    return names.length;
  }

  /** Rows [from, to) as block {@code id}: still in order, so no re-sort. */
  FaceBlock slice(int id, int from, int to, boolean byLabel) {
    int d = vectors.dimension();
    return numbered(id, d, Arrays.copyOfRange(vectors.vectors(), from * d, to * d),
        Arrays.copyOfRange(names, from, to), byLabel);
  }
}
