package io.facespark.udf;

import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.api.java.UDF2;
import scala.collection.Seq;

/**
 * {@code l2_distance(a, b)} as a Java UDF, for PySpark.
 *
 * <pre>{@code
 * spark.udf.registerJavaFunction("l2_distance", "io.facespark.udf.L2Distance", FloatType())
 * spark.sql("SELECT l2_distance(a.embedding, b.embedding) < 0.6 AS same FROM pairs")
 * }</pre>
 */
public final class L2Distance implements UDF2<Seq<?>, Seq<?>, Float> {

  private static final long serialVersionUID = 1L;

  @Override
  public Float call(Seq<?> a, Seq<?> b) {
    if (a == null || b == null) {
      return null;
    }
    VectorFunction.L2_DISTANCE.requireSameLength(a.length(), b.length());
    double[] x = SeqVectors.read(VectorFunction.L2_DISTANCE, a);
    double[] y = SeqVectors.read(VectorFunction.L2_DISTANCE, b);
    return x == null || y == null ? null : VectorMath.l2Distance(x, y);
  }
}
