package io.facespark.udf;

import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.api.java.UDF2;
import scala.collection.Seq;

/**
 * {@code inner_product(a, b)} as a Java UDF, for PySpark.
 *
 * <pre>{@code
 * spark.udf.registerJavaFunction("inner_product", "io.facespark.udf.InnerProduct", FloatType())
 * spark.sql("SELECT inner_product(p.embedding, g.embedding) FROM probes p CROSS JOIN gallery g")
 * }</pre>
 */
public final class InnerProduct implements UDF2<Seq<?>, Seq<?>, Float> {

  private static final long serialVersionUID = 1L;

  @Override
  public Float call(Seq<?> a, Seq<?> b) {
    if (a == null || b == null) {
      return null;
    }
    VectorFunction.INNER_PRODUCT.requireSameLength(a.length(), b.length());
    double[] x = SeqVectors.read(VectorFunction.INNER_PRODUCT, a);
    double[] y = SeqVectors.read(VectorFunction.INNER_PRODUCT, b);
    return x == null || y == null ? null : VectorMath.innerProduct(x, y);
  }
}
