package io.facespark.udf.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.facespark.udf.VectorFunction;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.hive.ql.exec.UDFArgumentLengthException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF.DeferredJavaObject;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDF.DeferredObject;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.junit.jupiter.api.Test;

/**
 * The GenericUDFs as Hive itself drives them (initialize with ObjectInspectors, then evaluate),
 * without Spark: the argument checks and the values Hive sees. Results through Spark are covered
 * by the per-function tests.
 */
class HiveUdfTest {

  private static final ObjectInspector FLOATS = ObjectInspectorFactory
      .getStandardListObjectInspector(PrimitiveObjectInspectorFactory.javaFloatObjectInspector);
  private static final ObjectInspector DOUBLES = ObjectInspectorFactory
      .getStandardListObjectInspector(PrimitiveObjectInspectorFactory.javaDoubleObjectInspector);
  private static final ObjectInspector INTS = ObjectInspectorFactory
      .getStandardListObjectInspector(PrimitiveObjectInspectorFactory.javaIntObjectInspector);

  @Test
  void everyFunctionHasAGenericUdfNamedInTheCatalogue() throws Exception {
    for (VectorFunction function : VectorFunction.values()) {
      Class<?> udf = Class.forName(function.hiveUdfClassName());
      assertThat(GenericUDF.class).as("%s is a GenericUDF", udf).isAssignableFrom(udf);
      assertThat(udf.getSimpleName()).endsWith("UDF");
    }
  }

  @Test
  void initializeRejectsNonFloatingArraysSayingWhatItExpected() {
    assertThatThrownBy(() -> new CosineSimilarityUDF().initialize(
        new ObjectInspector[] {FLOATS, INTS}))
        .isInstanceOf(UDFArgumentTypeException.class)
        .hasMessageContaining("cosine_sim: argument 2 must be array<float> or array<double>"
            + " but is array<int>");
    assertThatThrownBy(() -> new VectorNormUDF().initialize(new ObjectInspector[] {
        PrimitiveObjectInspectorFactory.javaFloatObjectInspector}))
        .isInstanceOf(UDFArgumentTypeException.class)
        .hasMessageContaining("vector_norm: argument 1 must be array<float> or array<double>"
            + " but is float");
  }

  @Test
  void initializeRejectsTheWrongNumberOfArguments() {
    assertThatThrownBy(() -> new L2DistanceUDF().initialize(new ObjectInspector[] {FLOATS}))
        .isInstanceOf(UDFArgumentLengthException.class)
        .hasMessageContaining("l2_distance takes 2 arguments").hasMessageContaining("with 1");
    assertThatThrownBy(() -> new L2NormalizeUDF().initialize(
        new ObjectInspector[] {FLOATS, FLOATS}))
        .isInstanceOf(UDFArgumentLengthException.class)
        .hasMessageContaining("l2_normalize takes 1 argument").hasMessageContaining("with 2");
  }

  @Test
  void evaluateValid() throws Exception {
    InnerProductUDF udf = new InnerProductUDF();
    udf.initialize(new ObjectInspector[] {FLOATS, DOUBLES});
    Object result = udf.evaluate(args(Arrays.asList(1f, 2f, 3f), Arrays.asList(0.5, 0.25, 2.0)));
    assertThat(result).as("float with double arguments")
        .isEqualTo((float) (1 * 0.5 + 2 * 0.25 + 3 * 2.0));
  }

  @Test
  void evaluateNull() throws Exception {
    CosineSimilarityUDF udf = new CosineSimilarityUDF();
    udf.initialize(new ObjectInspector[] {FLOATS, FLOATS});
    assertThat(udf.evaluate(args(null, Arrays.asList(1f)))).isNull();
    assertThat(udf.evaluate(args(Arrays.asList(1f, null), Arrays.asList(1f, 2f)))).isNull();
  }

  @Test
  void evaluateEmptyNormalizeGivesAnEmptyList() throws Exception {
    L2NormalizeUDF udf = new L2NormalizeUDF();
    udf.initialize(new ObjectInspector[] {FLOATS});
    assertThat((List<?>) udf.evaluate(args(List.of()))).isEmpty();
  }

  @Test
  void displayStringNamesTheFunction() {
    assertThat(new CosineSimilarityUDF().getDisplayString(new String[] {"p.e", "g.e"}))
        .isEqualTo("cosine_sim(p.e, g.e)");
  }

  private static DeferredObject[] args(Object... values) {
    DeferredObject[] deferred = new DeferredObject[values.length];
    for (int i = 0; i < values.length; i++) {
      deferred[i] = new DeferredJavaObject(values[i]);
    }
    return deferred;
  }
}
