package io.facespark.core.platform;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Java floats into and out of ND4J arrays with one bulk native copy. Why: ND4J 1.0.0-M2.1's
 * {@code Nd4j.create(float[], shape, order)} and {@code DataBuffer.asFloat} go element by element
 * (a 256x256 RGB input: 0.38 ms against 0.04 ms for the bulk copy, one thread, issue 16's profile).
 */
public final class NativeFloats {

  private NativeFloats() {
  }

  /** A new float array of {@code shape} ('c' order) holding {@code values}, which must fill it exactly. */
  public static INDArray array(float[] values, long... shape) {
    if (java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
      throw new IllegalArgumentException(values.length + " values do not fill shape " + java.util.Arrays.toString(shape));
    }
    INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    into(array, values);
    return array;
  }

  /** Copies {@code values} into {@code target}, a float array that owns its whole buffer in 'c' order. */
  public static void into(INDArray target, float[] values) {
    requireDense(target, values.length);
    new FloatPointer(target.data().addressPointer()).put(values, 0, values.length);
  }

  /** The values of a float array in 'c' order (a view or another order is copied dense first). */
  public static float[] values(INDArray source) {
    INDArray dense = isDense(source) ? source : source.dup('c');
    float[] values = new float[(int) dense.length()];
    new FloatPointer(dense.data().addressPointer()).get(values);
    return values;
  }

  private static boolean isDense(INDArray array) {
    return array.dataType() == DataType.FLOAT && array.ordering() == 'c' && !array.isView()
        && array.data().length() == array.length();
  }

  private static void requireDense(INDArray array, long length) {
    if (!isDense(array) || array.length() != length) {
      throw new IllegalArgumentException("expected a dense 'c'-order float array of " + length + " values, got "
          + array.dataType() + " " + array.ordering() + " " + java.util.Arrays.toString(array.shape())
          + (array.isView() ? " (a view)" : ""));
    }
  }
}
