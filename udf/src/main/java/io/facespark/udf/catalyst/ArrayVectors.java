package io.facespark.udf.catalyst;

import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Reads a Catalyst array (usually an {@code UnsafeArrayData} straight from Parquet) into a
 * {@code double[]} for {@link io.facespark.udf.math.VectorMath}: primitive reads, no boxing.
 */
public final class ArrayVectors {

  private ArrayVectors() {
  }

  /** The elements as doubles, or null if any element is NULL (the function's result is NULL). */
  public static double[] read(ArrayData array, boolean doubleElements) {
    int n = array.numElements();
    double[] values = new double[n];
    if (doubleElements) {
      for (int i = 0; i < n; i++) {
        if (array.isNullAt(i)) {
          return null;
        }
        values[i] = array.getDouble(i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (array.isNullAt(i)) {
          return null;
        }
        values[i] = array.getFloat(i);
      }
    }
    return values;
  }
}
