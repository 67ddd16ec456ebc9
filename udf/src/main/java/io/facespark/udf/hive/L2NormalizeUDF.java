package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import io.facespark.udf.math.VectorMath;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hive.ql.exec.Description;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;

/**
 * Hive {@code l2_normalize(a)}: the embedding scaled to unit length, as {@code array<float>}
 * (computed in double, each element rounded to float).
 *
 * <pre>{@code
 * CREATE FUNCTION l2_normalize AS 'io.facespark.udf.hive.L2NormalizeUDF'
 *   USING JAR 'hdfs:///libs/facespark-udf.jar';
 * INSERT OVERWRITE TABLE unit_faces SELECT image_id, l2_normalize(embedding) FROM raw_faces;
 * }</pre>
 */
@Description(name = "l2_normalize",
    value = "_FUNC_(a) - the array<float> (or array<double>) embedding scaled to unit length",
    extended = "Returns array<float>; an empty array for an empty array. NULL if the array or any"
        + " element is NULL, or if its norm is zero.\n"
        + "Example: SELECT _FUNC_(array(3.0F, 4.0F)); -- [0.6, 0.8]")
public final class L2NormalizeUDF extends SingleVectorUDF {

  @Override
  protected VectorFunction function() {
    return VectorFunction.L2_NORMALIZE;
  }

  @Override
  protected ObjectInspector resultInspector() {
    return ObjectInspectorFactory.getStandardListObjectInspector(
        PrimitiveObjectInspectorFactory.javaFloatObjectInspector);
  }

  /** {@code SELECT l2_normalize(array(3.0F, 4.0F))} gives [0.6, 0.8]. */
  @Override
  protected Object compute(double[] a) {
    float[] unit = VectorMath.l2Normalize(a);
    if (unit == null) {
      return null;
    }
    List<Float> result = new ArrayList<>(unit.length);
    for (float x : unit) {
      result.add(x);
    }
    return result;
  }
}
