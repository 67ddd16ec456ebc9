package io.facespark.core.model.tfjs;

import java.util.Arrays;

/**
 * One decoded tensor of a TF.js weights manifest: its name, shape (as the manifest gives it, e.g.
 * HWIO for conv filters), declared dtype and values in row-major order, already dequantised.
 * {@code int32} tensors are carried as floats too (exact below 2^24, which covers the index and
 * shape tensors these models hold).
 */
public record TfjsTensor(String name, int[] shape, String dtype, float[] values) {

  public TfjsTensor {
    long expected = elementCount(shape);
    if (values.length != expected) {
      throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape)
          + " needs " + expected + " values, got " + values.length);
    }
  }

  public static long elementCount(int[] shape) {
    long count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    return count;
  }

  public int rank() {
    return shape.length;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + " " + dtype;
  }
}
