package io.facespark.udf;

import static io.facespark.udf.Vec.doubles;
import static io.facespark.udf.Vec.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code l2_distance(a, b)} through every call path. */
class L2DistanceTest extends VectorFunctionTestBase {

  private static final VectorFunction F = VectorFunction.L2_DISTANCE;

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNull(CallPath path) {
    assertThat(call(path, F, Vec.nullFloats(), floats(1, 2))).as("NULL left").isNull();
    assertThat(call(path, F, floats(1, 2), Vec.nullFloats())).as("NULL right").isNull();
    assertThat(call(path, F, Vec.floatsWithNullAt(1, 1, 2), floats(1, 2)))
        .as("NULL element").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateEmpty(CallPath path) {
    assertThat(call(path, F, floats(), floats())).as("distance of empty vectors is 0")
        .isEqualTo(0f);
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateZeroNorm(CallPath path) {
    Vec b = floats(3, 4);
    double expected = Reference.norm(b.values());
    assertThat((double) (Float) call(path, F, floats(0, 0), b)).as("distance from the origin")
        .isCloseTo(expected, closeTo(expected));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateMismatchedLengths(CallPath path) {
    assertFailsWith(() -> call(path, F, floats(1, 2), floats(1, 2, 3, 4)),
        "`l2_distance`", "but got 2 and 4");
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateValid(CallPath path) {
    Random random = new Random(9);
    List<Vec[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Vec[] {Vec.randomUnitFloats(random, 128), Vec.randomUnitFloats(random, 128)});
    }
    rows.add(new Vec[] {rows.get(0)[0], rows.get(0)[0]});
    List<Object> results = callRows(path, F, rows);
    for (int i = 0; i < rows.size(); i++) {
      double expected = Reference.distance(rows.get(i)[0].values(), rows.get(i)[1].values());
      assertThat((double) (Float) results.get(i)).as("row %d", i)
          .isCloseTo(expected, closeTo(expected));
    }
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateDoubles(CallPath path) {
    Random random = new Random(10);
    Vec a = Vec.randomDoubles(random, 128, 10);
    Vec b = Vec.randomDoubles(random, 128, 10);
    double expected = Reference.distance(a.values(), b.values());
    assertThat((double) (Float) call(path, F, a, b)).as("array<double> arguments")
        .isCloseTo(expected, closeTo(expected));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNaN(CallPath path) {
    assertThat((Float) call(path, F, floats(Float.NaN, 1), floats(1, 2))).as("NaN propagates")
        .isNaN();
    assertThat((Float) call(path, F, doubles(1, 2), doubles(Double.NaN, 2)))
        .as("NaN in doubles propagates").isNaN();
  }
}
