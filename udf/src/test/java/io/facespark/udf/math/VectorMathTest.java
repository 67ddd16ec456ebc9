package io.facespark.udf.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kernel on its own: edge cases the SQL tests cannot reach easily, and its error message. */
class VectorMathTest {

  @Test
  void mismatchedLengthsNameTheFunctionBothLengthsAndAFix() {
    assertThatThrownBy(() -> VectorMath.cosineSimilarity(new double[128], new double[512]))
        .isInstanceOf(VectorLengthMismatchException.class)
        .hasMessageStartingWith("[VECTOR_DIMENSION_MISMATCH] Vectors passed to `cosine_sim` must"
            + " have the same dimension, but got 128 and 512")
        .hasMessageContaining("model_version");
    assertThatThrownBy(() -> VectorMath.l2Distance(new double[1], new double[2]))
        .hasMessageContaining("`l2_distance`");
    assertThatThrownBy(() -> VectorMath.innerProduct(new double[2], new double[1]))
        .hasMessageContaining("`inner_product`").hasMessageContaining("got 2 and 1");
  }

  @Test
  void sumsInDoubleSoSmallTermsSurviveLargeOnes() {
    double[] a = {1e8, 1, 1, 1, 1, 1, 1, 1, -1e8, 1};
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    float floatSum = 0;
    for (double x : a) {
      floatSum += (float) x;
    }
    assertThat(VectorMath.innerProduct(a, ones)).as("double sum")
        .isNotEqualTo(floatSum).isCloseTo((float) (7 + 1 + 1e8 - 1e8), within(0f));
  }

  @Test
  void cosineOfLargeDoublesDoesNotOverflowInTheNormProduct() {
    // |a|^2 * |b|^2 = 2.5e401 overflows double; the dot product (4e200) does not.
    double[] a = {1e100, 2e100};
    double[] b = {2e100, 1e100};
    assertThat(VectorMath.cosineSimilarity(a, b)).isCloseTo(0.8f, within(1e-6f));
  }

  @Test
  void cosineOfAVectorWithItselfIsOne() {
    Random random = new Random(3);
    double[] a = new double[512];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
    assertThat(VectorMath.cosineSimilarity(a, a)).isEqualTo(1.0f);
  }

  @Test
  void normsBelowTheSmallestNormalFloatCountAsZero() {
    double[] tiny = {1e-39, 0};
    assertThat(VectorMath.cosineSimilarity(tiny, new double[] {1, 0})).isNull();
    assertThat(VectorMath.l2Normalize(tiny)).isNull();
    assertThat(VectorMath.l2Normalize(new double[] {1e-30, 0})).as("a small but normal norm")
        .containsExactly(1f, 0f);
  }

  @Test
  void infinityGivesNaNCosineAndInfiniteNorm() {
    double[] inf = {Double.POSITIVE_INFINITY, 1};
    assertThat(VectorMath.cosineSimilarity(inf, new double[] {1, 1})).isNaN();
    assertThat(VectorMath.norm(inf)).isInfinite();
  }
}
