package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import org.apache.hadoop.hive.ql.exec.Description;

/**
 * Hive {@code l2_distance(a, b)}: Euclidean distance between two embeddings (dlib's usual
 * same-person threshold is 0.6).
 *
 * <pre>{@code
 * CREATE FUNCTION l2_distance AS 'io.facespark.udf.hive.L2DistanceUDF'
 *   USING JAR 'hdfs:///libs/facespark-udf.jar';
 * SELECT a.image_id, b.image_id FROM faces a JOIN faces b ON a.label = b.label
 * WHERE l2_distance(a.embedding, b.embedding) > 0.6;
 * }</pre>
 */
@Description(name = "l2_distance",
    value = "_FUNC_(a, b) - Euclidean distance between two array<float> (or array<double>) embeddings",
    extended = "Returns a float >= 0; 0 for two empty arrays. NULL if either array or any element is"
        + " NULL. Different lengths raise an error.\n"
        + "Example: SELECT _FUNC_(array(0.0F, 0.0F), array(3.0F, 4.0F)); -- 5.0")
public final class L2DistanceUDF extends VectorPairUDF {

  @Override
  protected VectorFunction function() {
    return VectorFunction.L2_DISTANCE;
  }

  /** {@code SELECT l2_distance(array(0.0F, 0.0F), array(3.0F, 4.0F))} gives 5.0. */
  @Override
  protected Float compute(double[] a, double[] b) {
    return VectorMath.l2Distance(a, b);
  }
}
