package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import org.apache.hadoop.hive.ql.exec.Description;

/**
 * Hive {@code inner_product(a, b)}: the dot product of two embeddings; equal to the cosine
 * similarity when both are L2-normalised, as facespark's {@code faces.embedding} is.
 *
 * <pre>{@code
 * CREATE FUNCTION inner_product AS 'io.facespark.udf.hive.InnerProductUDF'
 *   USING JAR 'hdfs:///libs/facespark-udf.jar';
 * SELECT inner_product(p.embedding, g.embedding) AS score FROM probes p CROSS JOIN gallery g;
 * }</pre>
 */
@Description(name = "inner_product",
    value = "_FUNC_(a, b) - inner (dot) product of two array<float> (or array<double>) embeddings",
    extended = "Returns a float; 0 for two empty arrays. NULL if either array or any element is NULL."
        + " Different lengths raise an error.\n"
        + "Example: SELECT _FUNC_(array(1.0F, 2.0F, 3.0F), array(4.0F, 5.0F, 6.0F)); -- 32.0")
public final class InnerProductUDF extends VectorPairUDF {

  @Override
  protected VectorFunction function() {
    return VectorFunction.INNER_PRODUCT;
  }

  /** {@code SELECT inner_product(array(1.0F, 2.0F, 3.0F), array(4.0F, 5.0F, 6.0F))} gives 32.0. */
  @Override
  protected Float compute(double[] a, double[] b) {
    return VectorMath.innerProduct(a, b);
  }
}
