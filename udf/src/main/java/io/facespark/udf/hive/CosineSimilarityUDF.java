package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import org.apache.hadoop.hive.ql.exec.Description;

/**
 * Hive {@code cosine_sim(a, b)}: cosine similarity of two embeddings.
 *
 * <pre>{@code
 * CREATE FUNCTION cosine_sim AS 'io.facespark.udf.hive.CosineSimilarityUDF'
 *   USING JAR 'hdfs:///libs/facespark-udf.jar';
 * SELECT p.image_id, g.label, cosine_sim(p.embedding, g.embedding) AS score
 * FROM probes p CROSS JOIN gallery g;
 * }</pre>
 */
@Description(name = "cosine_sim",
    value = "_FUNC_(a, b) - cosine similarity of two array<float> (or array<double>) embeddings",
    extended = "Returns a float in [-1, 1]. NULL if either array or any element is NULL, or if"
        + " either vector is empty or has zero norm. Different lengths raise an error.\n"
        + "Example: SELECT _FUNC_(array(1.0F, 0.0F), array(1.0F, 1.0F)); -- 0.70710677")
public final class CosineSimilarityUDF extends VectorPairUDF {

  @Override
  protected VectorFunction function() {
    return VectorFunction.COSINE_SIM;
  }

  /**
   * {@code SELECT cosine_sim(array(1.0F, 0.0F), array(1.0F, 1.0F))} gives 0.70710677.
   */
  @Override
  protected Float compute(double[] a, double[] b) {
    return VectorMath.cosineSimilarity(a, b);
  }
}
