package io.facespark.udf;

import io.facespark.udf.math.VectorMath;
import org.apache.spark.sql.api.java.UDF2;
import scala.collection.Seq;

/**
 * {@code cosine_sim(a, b)} as a Java UDF, for PySpark (Spark SQL users get the faster native
 * expression from {@link FaceFunctions#register}).
 *
 * <pre>{@code
 * spark.udf.registerJavaFunction("cosine_sim", "io.facespark.udf.CosineSim", FloatType())
 * spark.sql("SELECT cosine_sim(p.embedding, g.embedding) FROM probes p CROSS JOIN gallery g")
 * }</pre>
 */
public final class CosineSim implements UDF2<Seq<?>, Seq<?>, Float> {

  private static final long serialVersionUID = 1L;

  @Override
  public Float call(Seq<?> a, Seq<?> b) {
    if (a == null || b == null) {
      return null;
    }
    VectorFunction.COSINE_SIM.requireSameLength(a.length(), b.length());
    double[] x = SeqVectors.read(VectorFunction.COSINE_SIM, a);
    double[] y = SeqVectors.read(VectorFunction.COSINE_SIM, b);
    return x == null || y == null ? null : VectorMath.cosineSimilarity(x, y);
  }
}
