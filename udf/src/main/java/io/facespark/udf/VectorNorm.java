package io.facespark.udf;

import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.api.java.UDF1;
import scala.collection.Seq;

/**
 * {@code vector_norm(a)} as a Java UDF, for PySpark.
 *
 * <pre>{@code
 * spark.udf.registerJavaFunction("vector_norm", "io.facespark.udf.VectorNorm", FloatType())
 * spark.sql("SELECT max(abs(vector_norm(embedding) - 1)) FROM faces")
 * }</pre>
 */
public final class VectorNorm implements UDF1<Seq<?>, Float> {

  private static final long serialVersionUID = 1L;

  @Override
  public Float call(Seq<?> a) {
    double[] x = a == null ? null : SeqVectors.read(VectorFunction.VECTOR_NORM, a);
    return x == null ? null : VectorMath.norm(x);
  }
}
