package io.facespark.udf;

import static io.facespark.udf.Vec.doubles;
import static io.facespark.udf.Vec.floats;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code cosine_sim(a, b)} through every call path. */
class CosineSimTest extends VectorFunctionTestBase {

  private static final VectorFunction F = VectorFunction.COSINE_SIM;

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
    assertThat(call(path, F, floats(), floats())).as("two empty vectors have no angle").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateZeroNorm(CallPath path) {
    assertThat(call(path, F, floats(0, 0, 0), floats(1, 2, 3))).as("zero left").isNull();
    assertThat(call(path, F, floats(1, 2, 3), floats(0, 0, 0))).as("zero right").isNull();
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateMismatchedLengths(CallPath path) {
    assertFailsWith(() -> call(path, F, floats(1, 2, 3), floats(1, 2)),
        "`cosine_sim`", "but got 3 and 2");
    // As in Spark 4.2, the length check comes before the NULL-element rule.
    assertFailsWith(() -> call(path, F, Vec.floatsWithNullAt(0, 1, 2, 3), floats(1, 2)),
        "but got 3 and 2");
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateValid(CallPath path) {
    Random random = new Random(5);
    List<Vec[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new Vec[] {Vec.randomUnitFloats(random, 128), Vec.randomUnitFloats(random, 128)});
    }
    // An unnormalised pair, a vector with itself and with its negation.
    rows.add(new Vec[] {floats(1, 2, 3), floats(4, 5, 6)});
    rows.add(new Vec[] {rows.get(0)[0], rows.get(0)[0]});
    rows.add(new Vec[] {floats(3, -4), floats(-3, 4)});

    List<Object> results = callRows(path, F, rows);
    for (int i = 0; i < rows.size(); i++) {
      double expected = Reference.cosine(rows.get(i)[0].values(), rows.get(i)[1].values());
      assertThat((double) (Float) results.get(i)).as("row %d", i)
          .isCloseTo(expected, closeTo(expected));
    }
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateDoubles(CallPath path) {
    Random random = new Random(6);
    Vec a = Vec.randomDoubles(random, 128, 1e3);
    Vec b = Vec.randomDoubles(random, 128, 1e3);
    double expected = Reference.cosine(a.values(), b.values());
    assertThat((double) (Float) call(path, F, a, b)).as("array<double> arguments")
        .isCloseTo(expected, closeTo(expected));

    Vec f = floats(1, 2, 3);
    Vec d = doubles(0.1, 0.2, 0.7);
    double mixed = Reference.cosine(f.values(), d.values());
    assertThat((double) (Float) call(path, F, f, d)).as("array<float> with array<double>")
        .isCloseTo(mixed, closeTo(mixed));
  }

  @ParameterizedTest
  @EnumSource(CallPath.class)
  void evaluateNaN(CallPath path) {
    assertThat((Float) call(path, F, floats(Float.NaN, 1), floats(1, 1))).as("NaN propagates")
        .isNaN();
    assertThat((Float) call(path, F, doubles(Double.NaN, 1), doubles(1, 1)))
        .as("NaN in doubles propagates").isNaN();
  }
}
