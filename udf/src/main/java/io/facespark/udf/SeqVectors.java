package io.facespark.udf;

import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * Reads the {@code Seq} Spark hands a Java UDF for an {@code array<float>} or
 * {@code array<double>} column (boxed elements: that is the UDF API's price) into a
 * {@code double[]}.
 */
final class SeqVectors {

  private SeqVectors() {
  }

  /** The elements as doubles, or null if any element is NULL. */
  static double[] read(VectorFunction function, Seq<?> vector) {
    double[] values = new double[vector.length()];
    Iterator<?> elements = vector.iterator();
    for (int i = 0; i < values.length; i++) {
      Object element = elements.next();
      if (element == null) {
        return null;
      }
      if (!(element instanceof Float || element instanceof Double)) {
        throw new IllegalArgumentException(function.sqlName() + " expects array<float> or"
            + " array<double> but got an array of " + element.getClass().getSimpleName()
            + ". Cast the column, e.g. CAST(x AS ARRAY<FLOAT>).");
      }
      values[i] = ((Number) element).doubleValue();
    }
    return values;
  }
}
