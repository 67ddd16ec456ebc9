package io.facespark.udf;

import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.api.java.UDF1;
import scala.collection.Seq;

/**
 * {@code l2_normalize(a)} as a Java UDF, for PySpark; register it with an
 * {@code ArrayType(FloatType())} result.
 *
 * <pre>{@code
 * spark.udf.registerJavaFunction("l2_normalize", "io.facespark.udf.L2Normalize",
 *                                ArrayType(FloatType()))
 * spark.sql("SELECT l2_normalize(embedding) AS embedding FROM raw_faces")
 * }</pre>
 */
public final class L2Normalize implements UDF1<Seq<?>, float[]> {

  private static final long serialVersionUID = 1L;

  @Override
  public float[] call(Seq<?> a) {
    double[] x = a == null ? null : SeqVectors.read(VectorFunction.L2_NORMALIZE, a);
    return x == null ? null : VectorMath.l2Normalize(x);
  }
}
