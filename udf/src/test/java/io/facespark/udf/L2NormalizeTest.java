package io.facespark.udf;

import static io.facespark.udf.Vec.doubles;
import static io.facespark.udf.Vec.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code l2_normalize(a)} through every call path: array&lt;float&gt; out. */
class L2NormalizeTest extends VectorFunctionTestBase {

  private static final VectorFunction F = VectorFunction.L2_NORMALIZE;

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNull(CallPath path) {
    assertThat(call(path, F, Vec.nullFloats())).as("NULL array").isNull();
    assertThat(call(path, F, Vec.floatsWithNullAt(0, 1, 2))).as("NULL element").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateEmpty(CallPath path) {
    assertThat((float[]) call(path, F, floats())).as("empty in, empty out (Spark 4.2)").isEmpty();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateZeroNorm(CallPath path) {
    assertThat(call(path, F, floats(0, 0, 0))).as("a zero vector has no direction").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateValid(CallPath path) {
    Random random = new Random(13);
    List<Vec[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(new Vec[] {Vec.randomDoubles(random, 128, 50)});
    }
    rows.add(new Vec[] {doubles(3, 4)});
    List<Object> results = callRows(path, F, rows);
    for (int i = 0; i < rows.size(); i++) {
      assertMatchesReference((float[]) results.get(i), rows.get(i)[0], "row " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateFloats(CallPath path) {
    Vec a = floats(1, -2, 3, 0.5f);
    assertMatchesReference((float[]) call(path, F, a), a, "array<float> argument");
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNaN(CallPath path) {
    float[] result = (float[]) call(path, F, floats(1, Float.NaN));
    assertThat(result).as("NaN propagates to every element").hasSize(2);
    assertThat(result[0]).isNaN();
    assertThat(result[1]).isNaN();
  }

  private static void assertMatchesReference(float[] actual, Vec input, String what) {
    double[] expected = Reference.normalize(input.values());
    assertThat(actual).as(what).hasSize(expected.length);
    for (int j = 0; j < expected.length; j++) {
      assertThat((double) actual[j]).as("%s element %d", what, j)
          .isCloseTo(expected[j], closeTo(expected[j]));
    }
  }
}
