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
    INDArray dense = dense(source);
    float[] values = new float[(int) dense.length()];
    read(dense, 0, values);
    return values;
  }

  /** {@code source} if it is a dense 'c'-order float array that owns its buffer, else such a copy of it. */
  public static INDArray dense(INDArray source) {
    return isDense(source) ? source : source.dup('c');
  }

  /**
   * Fills {@code into} from {@code source}'s values starting at {@code offset} ('c' order). With
   * {@link #write} it walks a large batch a slice at a time: one image's values, not the whole
   * batch's, on the Java heap at once.
   */
  public static void read(INDArray source, long offset, float[] into) {
    requireRange(source, offset, into.length);
    new FloatPointer(source.data().addressPointer()).position(offset).get(into);
  }

  /** Writes {@code values} into {@code target} starting at {@code offset} ('c' order). */
  public static void write(INDArray target, long offset, float[] values) {
    requireRange(target, offset, values.length);
    new FloatPointer(target.data().addressPointer()).position(offset).put(values);
  }

  private static void requireRange(INDArray array, long offset, int length) {
    if (!isDense(array)) {
      throw new IllegalArgumentException("expected a dense 'c'-order float array, got " + array.dataType() + " "
          + array.ordering() + " " + java.util.Arrays.toString(array.shape()) + (array.isView() ? " (a view)" : ""));
    }
    if (offset < 0 || offset + length > array.length()) {
      throw new IllegalArgumentException("values " + offset + " to " + (offset + length) + " are outside an array of "
          + array.length());
    }
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
