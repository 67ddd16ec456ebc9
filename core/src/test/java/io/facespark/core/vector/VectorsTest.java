package io.facespark.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void unitSumIsTheMeansDirectionAtUnitLength() {
    float[] a = {1, 0, 0};
    float[] b = {0, 0.6f, 0.8f};
    float[] sum = Vectors.unitSum(a, b);
    assertThat(Vectors.norm(sum)).isCloseTo(1, within(1e-6));
    // Equal angle to both inputs: the bisector of two unit vectors.
    assertThat(Vectors.cosine(sum, a)).isCloseTo(Vectors.cosine(sum, b), within(1e-6));
    assertThat(sum[1] / sum[2]).as("b's own direction kept").isCloseTo(0.75f, within(1e-6f));
    assertThat(Vectors.unitSum(b)).containsExactly(b);
  }

  @Test
  void unitSumOfDifferentLengthsNamesThem() {
    assertThatThrownBy(() -> Vectors.unitSum(new float[] {1, 0}, new float[] {1, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("vectors of different lengths: 2 and 3");
  }
}
