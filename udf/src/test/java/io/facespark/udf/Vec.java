package io.facespark.udf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A test argument: an {@code array<float>} or {@code array<double>} value (possibly NULL or with
 * NULL elements), plus the exact double values a reference computation should use.
 */
final class Vec {

  final DataType elementType;
  /** Boxed elements as Spark receives them; null for a NULL array. */
  final List<Number> elements;

  private Vec(DataType elementType, List<Number> elements) {
    this.elementType = elementType;
    this.elements = elements;
  }

  static Vec floats(float... values) {
    List<Number> list = new ArrayList<>();
    for (float v : values) {
      list.add(v);
    }
    return new Vec(DataTypes.FloatType, list);
  }

  static Vec doubles(double... values) {
    List<Number> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return new Vec(DataTypes.DoubleType, list);
  }

  static Vec nullFloats() {
    return new Vec(DataTypes.FloatType, null);
  }

  /** A float vector whose element {@code index} is NULL. */
  static Vec floatsWithNullAt(int index, float... values) {
    Vec v = floats(values);
    v.elements.set(index, null);
    return v;
  }

  /** An embedding-like vector: Gaussian elements scaled to unit norm, rounded to float. */
  static Vec randomUnitFloats(Random random, int dimension) {
    double[] raw = new double[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      raw[i] = random.nextGaussian();
      norm += raw[i] * raw[i];
    }
    float[] values = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      values[i] = (float) (raw[i] / Math.sqrt(norm));
    }
    return floats(values);
  }

  /** Doubles in [-scale, scale) with full double precision (not representable as floats). */
  static Vec randomDoubles(Random random, int dimension, double scale) {
    double[] values = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      values[i] = (random.nextDouble() * 2 - 1) * scale;
    }
    return doubles(values);
  }

  /** The exact values as doubles, for the reference computation. */
  double[] values() {
    return elements.stream().mapToDouble(Number::doubleValue).toArray();
  }

  @Override
  public String toString() {
    return elements == null ? "NULL" : elementType.simpleString() + Arrays.toString(values());
  }
}
