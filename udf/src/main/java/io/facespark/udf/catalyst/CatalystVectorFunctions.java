package io.facespark.udf.catalyst;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The entry points Spark's generated code calls for the native functions (through
 * {@code StaticInvoke}, as Spark 4.2 does for its {@code vector_*} built-ins). NULL arrays never
 * arrive here: StaticInvoke returns NULL for them first. Each {@code *Doubles} flag says whether
 * the argument is {@code array<double>} rather than {@code array<float>}; it is a constant of the
 * query, fixed when the function call is analysed.
 *
 * <p>The length check runs before the elements are read so that, as in Spark 4.2, a length
 * mismatch is an error even when an element is NULL.
 */
public final class CatalystVectorFunctions {

  private CatalystVectorFunctions() {
  }

  public static Float cosineSim(ArrayData a, boolean aDoubles, ArrayData b, boolean bDoubles) {
    VectorFunction.COSINE_SIM.requireSameLength(a.numElements(), b.numElements());
    double[] x = ArrayVectors.read(a, aDoubles);
    double[] y = ArrayVectors.read(b, bDoubles);
    return x == null || y == null ? null : VectorMath.cosineSimilarity(x, y);
  }

  public static Float l2Distance(ArrayData a, boolean aDoubles, ArrayData b, boolean bDoubles) {
    VectorFunction.L2_DISTANCE.requireSameLength(a.numElements(), b.numElements());
    double[] x = ArrayVectors.read(a, aDoubles);
    double[] y = ArrayVectors.read(b, bDoubles);
    return x == null || y == null ? null : VectorMath.l2Distance(x, y);
  }

  public static Float innerProduct(ArrayData a, boolean aDoubles, ArrayData b, boolean bDoubles) {
    VectorFunction.INNER_PRODUCT.requireSameLength(a.numElements(), b.numElements());
    double[] x = ArrayVectors.read(a, aDoubles);
    double[] y = ArrayVectors.read(b, bDoubles);
    return x == null || y == null ? null : VectorMath.innerProduct(x, y);
  }

  public static Float vectorNorm(ArrayData a, boolean aDoubles) {
    double[] x = ArrayVectors.read(a, aDoubles);
    return x == null ? null : VectorMath.norm(x);
  }

  public static ArrayData l2Normalize(ArrayData a, boolean aDoubles) {
    double[] x = ArrayVectors.read(a, aDoubles);
    float[] unit = x == null ? null : VectorMath.l2Normalize(x);
    return unit == null ? null : ArrayData.toArrayData(unit);
  }
}
