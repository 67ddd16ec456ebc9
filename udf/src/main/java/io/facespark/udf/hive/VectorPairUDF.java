package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentLengthException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;

/**
 * A Hive function of two vectors that returns a float: argument checks, NULL handling and the
 * length check live here; subclasses only name the function and call the kernel.
 */
abstract class VectorPairUDF extends GenericUDF {

  private transient HiveVectorArgument left;
  private transient HiveVectorArgument right;

  /** Which function this is (its SQL name appears in every error message). */
  protected abstract VectorFunction function();

  /** The result for two non-NULL vectors of equal length; null means SQL NULL. */
  protected abstract Float compute(double[] a, double[] b);

  @Override
  public ObjectInspector initialize(ObjectInspector[] arguments) throws UDFArgumentException {
    if (arguments.length != 2) {
      throw new UDFArgumentLengthException(function().sqlName()
          + " takes 2 arguments (two array<float> embeddings) but was called with "
          + arguments.length);
    }
    left = HiveVectorArgument.of(function(), 0, arguments[0]);
    right = HiveVectorArgument.of(function(), 1, arguments[1]);
    return PrimitiveObjectInspectorFactory.javaFloatObjectInspector;
  }

  @Override
  public Float evaluate(DeferredObject[] arguments) throws HiveException {
    Object a = arguments[0].get();
    Object b = arguments[1].get();
    if (a == null || b == null) {
      return null;
    }
    function().requireSameLength(left.length(a), right.length(b));
    double[] x = left.read(a);
    double[] y = right.read(b);
    return x == null || y == null ? null : compute(x, y);
  }

  @Override
  public String getDisplayString(String[] children) {
    return getStandardDisplayString(function().sqlName(), children);
  }
}
