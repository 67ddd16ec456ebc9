package io.facespark.udf;

import static io.facespark.udf.Vec.doubles;
import static io.facespark.udf.Vec.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code inner_product(a, b)} through every call path. */
class InnerProductTest extends VectorFunctionTestBase {

  private static final VectorFunction F = VectorFunction.INNER_PRODUCT;

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNull(CallPath path) {
    assertThat(call(path, F, Vec.nullFloats(), floats(1, 2))).as("NULL left").isNull();
    assertThat(call(path, F, floats(1, 2), Vec.nullFloats())).as("NULL right").isNull();
    assertThat(call(path, F, floats(1, 2), Vec.floatsWithNullAt(0, 1, 2)))
        .as("NULL element").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateEmpty(CallPath path) {
    assertThat(call(path, F, floats(), floats())).as("empty sum is 0, as in Spark 4.2")
        .isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateZeroNorm(CallPath path) {
    assertThat(call(path, F, floats(0, 0), floats(3, 4))).as("a zero vector is no error")
        .isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateMismatchedLengths(CallPath path) {
    assertFailsWith(() -> call(path, F, floats(1), floats(1, 2)),
        "`inner_product`", "but got 1 and 2");
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateValid(CallPath path) {
    Random random = new Random(7);
    List<Vec[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Vec[] {Vec.randomUnitFloats(random, 128), Vec.randomUnitFloats(random, 128)});
    }
    rows.add(new Vec[] {floats(1, 2, 3), floats(4, 5, 6)});
    // Float accumulation would lose the small terms here; double accumulation keeps them.
    rows.add(new Vec[] {floats(1e8f, 1, 1, 1, 1, 1, 1, 1, -1e8f, 1), floats(1, 1, 1, 1, 1, 1, 1,
        1, 1, 1)});
    List<Object> results = callRows(path, F, rows);
    for (int i = 0; i < rows.size(); i++) {
      double expected = Reference.dot(rows.get(i)[0].values(), rows.get(i)[1].values());
      assertThat((double) (Float) results.get(i)).as("row %d", i)
          .isCloseTo(expected, closeTo(expected));
    }
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateDoubles(CallPath path) {
    Random random = new Random(8);
    Vec a = Vec.randomDoubles(random, 128, 1);
    Vec b = Vec.randomDoubles(random, 128, 1);
    double expected = Reference.dot(a.values(), b.values());
    assertThat((double) (Float) call(path, F, a, b)).as("array<double> arguments")
        .isCloseTo(expected, closeTo(expected));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNaN(CallPath path) {
    assertThat((Float) call(path, F, floats(Float.NaN, 1), floats(1, 2))).as("NaN propagates")
        .isNaN();
    assertThat((Float) call(path, F, doubles(1, Double.NaN), doubles(1, 2)))
        .as("NaN in doubles propagates").isNaN();
  }
}
