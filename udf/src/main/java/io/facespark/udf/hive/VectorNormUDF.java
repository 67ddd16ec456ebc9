package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import org.apache.hadoop.hive.ql.exec.Description;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;

/**
 * Hive {@code vector_norm(a)}: the Euclidean length of an embedding; useful to check that a
 * table's embeddings are normalised.
 *
 * <pre>{@code
 * CREATE FUNCTION vector_norm AS 'io.facespark.udf.hive.VectorNormUDF'
 *   USING JAR 'hdfs:///libs/facespark-udf.jar';
 * SELECT count(*) FROM faces WHERE abs(vector_norm(embedding) - 1) > 1e-4;
 * }</pre>
 */
@Description(name = "vector_norm",
    value = "_FUNC_(a) - Euclidean (L2) norm of an array<float> (or array<double>) embedding",
    extended = "Returns a float >= 0; 0 for an empty array. NULL if the array or any element is"
        + " NULL.\nExample: SELECT _FUNC_(array(3.0F, 4.0F)); -- 5.0")
public final class VectorNormUDF extends SingleVectorUDF {

  @Override
  protected VectorFunction function() {
    return VectorFunction.VECTOR_NORM;
  }

  @Override
  protected ObjectInspector resultInspector() {
    return PrimitiveObjectInspectorFactory.javaFloatObjectInspector;
  }

  /** {@code SELECT vector_norm(array(3.0F, 4.0F))} gives 5.0. */
  @Override
  protected Object compute(double[] a) {
    return VectorMath.norm(a);
  }
}
