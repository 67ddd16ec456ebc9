package io.facespark.core.vector;

import java.io.Serializable;

/**
 * A block of L2-normalised vectors in one row-major float array, each row with the ordinals the
 * top-K search needs: {@code rows} identifies the face, {@code entries} what is ranked (the face
 * itself, or its identity). Blocks are the unit that Spark moves and a GEMM multiplies.
 */
public final class VectorBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int id;
  private final int dimension;
  private final float[] vectors;
  private final int[] rows;
  private final int[] entries;

  public VectorBlock(int id, int dimension, float[] vectors, int[] rows, int[] entries) {
    if (vectors.length != rows.length * dimension || entries.length != rows.length) {
      throw new IllegalArgumentException("block " + id + ": " + vectors.length + " values, "
          + rows.length + " rows and " + entries.length + " entries do not fit dimension " + dimension);
    }
    this.id = id;
    this.dimension = dimension;
    this.vectors = vectors;
    this.rows = rows;
    this.entries = entries;
  }

  public int id() {
    return id;
  }

  public int dimension() {
    return dimension;
  }

  public int size() {
    return rows.length;
  }

  /** Row-major values, {@code size() x dimension()}; shared, not copied. */
  public float[] vectors() {
    return vectors;
  }

  public int row(int i) {
    return rows[i];
  }

  public int entry(int i) {
    return entries[i];
  }
}
