package io.facespark.udf.hive;

import io.facespark.udf.VectorFunction;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentLengthException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;

/** A Hive function of one vector: argument check and NULL handling; subclasses do the rest. */
abstract class SingleVectorUDF extends GenericUDF {

  private transient HiveVectorArgument vector;

  protected abstract VectorFunction function();

  /** How Hive should read the result. */
  protected abstract ObjectInspector resultInspector();

  /** The result for a non-NULL vector without NULL elements; null means SQL NULL. */
  protected abstract Object compute(double[] a);

  @Override
  public ObjectInspector initialize(ObjectInspector[] arguments) throws UDFArgumentException {
    if (arguments.length != 1) {
      throw new UDFArgumentLengthException(function().sqlName()
          + " takes 1 argument (an array<float> embedding) but was called with "
          + arguments.length);
    }
    vector = HiveVectorArgument.of(function(), 0, arguments[0]);
    return resultInspector();
  }

  @Override
  public Object evaluate(DeferredObject[] arguments) throws HiveException {
    Object a = arguments[0].get();
    double[] x = a == null ? null : vector.read(a);
    return x == null ? null : compute(x);
  }

  @Override
  public String getDisplayString(String[] children) {
    return getStandardDisplayString(function().sqlName(), children);
  }
}
