package io.facespark.udf;

import static io.facespark.udf.Vec.doubles;
import static io.facespark.udf.Vec.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code vector_norm(a)} through every call path. */
class VectorNormTest extends VectorFunctionTestBase {

  private static final VectorFunction F = VectorFunction.VECTOR_NORM;

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNull(CallPath path) {
    assertThat(call(path, F, Vec.nullFloats())).as("NULL array").isNull();
    assertThat(call(path, F, Vec.floatsWithNullAt(2, 1, 2, 3))).as("NULL element").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateEmpty(CallPath path) {
    assertThat(call(path, F, floats())).as("norm of an empty vector is 0").isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateZeroNorm(CallPath path) {
    assertThat(call(path, F, floats(0, 0, 0))).as("zero vector").isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateValid(CallPath path) {
    Random random = new Random(11);
    List<Vec[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(new Vec[] {Vec.randomUnitFloats(random, 128)});
    }
    rows.add(new Vec[] {floats(3, 4)});
    rows.add(new Vec[] {floats(-1e20f, 1e20f)});
    List<Object> results = callRows(path, F, rows);
    for (int i = 0; i < rows.size(); i++) {
      double expected = Reference.norm(rows.get(i)[0].values());
      assertThat((double) (Float) results.get(i)).as("row %d", i)
          .isCloseTo(expected, closeTo(expected));
    }
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateDoubles(CallPath path) {
    Vec a = Vec.randomDoubles(new Random(12), 128, 100);
    double expected = Reference.norm(a.values());
    assertThat((double) (Float) call(path, F, a)).as("array<double> argument")
        .isCloseTo(expected, closeTo(expected));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNaN(CallPath path) {
    assertThat((Float) call(path, F, floats(1, Float.NaN))).as("NaN propagates").isNaN();
    assertThat((Float) call(path, F, doubles(Double.NaN))).as("NaN in doubles").isNaN();
  }
}
