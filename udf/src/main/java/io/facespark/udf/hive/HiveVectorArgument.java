package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.DoubleObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.FloatObjectInspector;

/**
 * One {@code array<float>} or {@code array<double>} argument of a Hive UDF: checks its type once
 * in {@code initialize} and then reads each row's value into a {@code double[]}.
 */
final class HiveVectorArgument {

  private final ListObjectInspector list;
  private final FloatObjectInspector floats;
  private final DoubleObjectInspector doubles;

  private HiveVectorArgument(ListObjectInspector list, FloatObjectInspector floats,
      DoubleObjectInspector doubles) {
    this.list = list;
    this.floats = floats;
    this.doubles = doubles;
  }

  /** Accepts array&lt;float&gt; or array&lt;double&gt;; anything else fails with what was expected. */
  static HiveVectorArgument of(VectorFunction function, int index, ObjectInspector inspector)
      throws UDFArgumentTypeException {
    if (inspector instanceof ListObjectInspector) {
      ListObjectInspector list = (ListObjectInspector) inspector;
      ObjectInspector element = list.getListElementObjectInspector();
      if (element instanceof PrimitiveObjectInspector) {
        PrimitiveCategory category = ((PrimitiveObjectInspector) element).getPrimitiveCategory();
        if (category == PrimitiveCategory.FLOAT) {
          return new HiveVectorArgument(list, (FloatObjectInspector) element, null);
        }
        if (category == PrimitiveCategory.DOUBLE) {
          return new HiveVectorArgument(list, null, (DoubleObjectInspector) element);
        }
      }
    }
    throw new UDFArgumentTypeException(index, function.sqlName() + ": argument " + (index + 1)
        + " must be array<float> or array<double> but is " + inspector.getTypeName()
        + ". Cast it, e.g. CAST(x AS ARRAY<FLOAT>).");
  }

  /** The number of elements; call only for a non-NULL value. */
  int length(Object value) {
    return list.getListLength(value);
  }

  /** The elements as doubles, or null if any element is NULL. */
  double[] read(Object value) {
    int n = list.getListLength(value);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      Object element = list.getListElement(value, i);
      if (element == null) {
        return null;
      }
      values[i] = floats != null ? floats.get(element) : doubles.get(element);
    }
    return values;
  }
}
