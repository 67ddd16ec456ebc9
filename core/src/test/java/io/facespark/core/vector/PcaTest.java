package io.facespark.core.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaTest {

  @Test
  void findsTheDirectionsOfAKnownSpread() {
    // Points spread 10 along (1, 1, 0)/sqrt2, 2 along z, and 0.1 of noise on (1, -1, 0)/sqrt2.
    Random random = new Random(7);
    float[][] rows = new float[2000][];
    for (int i = 0; i < rows.length; i++) {
      double a = random.nextGaussian() * 10;
      double b = random.nextGaussian() * 2;
      double c = random.nextGaussian() * 0.1;
      rows[i] = new float[] {(float) ((a + c) / Math.sqrt(2) + 5), (float) ((a - c) / Math.sqrt(2) - 3), (float) b};
    }

    Pca pca = Pca.fit(rows, 2);

    double[] explained = pca.explainedVariance();
    assertThat(explained[0]).isCloseTo(100.0 / 104.01, within(0.01));
    assertThat(explained[1]).isCloseTo(4.0 / 104.01, within(0.005));
    // The first component is (1, 1, 0)/sqrt2 with a positive sign: moving along it moves PC1 only.
    // Sampling tilts the estimate by about sd_a * sd_b / sqrt(n) / (var_a - var_b) = 0.005 rad.
    double[] origin = pca.project(new float[] {5, -3, 0});
    double[] along = pca.project(new float[] {(float) (5 + 1 / Math.sqrt(2)), (float) (-3 + 1 / Math.sqrt(2)), 0});
    assertThat(along[0] - origin[0]).isCloseTo(1.0, within(1e-3));
    assertThat(along[1] - origin[1]).isCloseTo(0.0, within(0.02));
    double[] up = pca.project(new float[] {5, -3, 1});
    assertThat(Math.abs(up[1] - origin[1])).isCloseTo(1.0, within(1e-3));
  }

  @Test
  void refusesTooFewVectorsAndMixedDimensions() {
    assertThatThrownBy(() -> Pca.fit(new float[][] {{1, 2}}, 1)).hasMessageContaining("at least 2 vectors, got 1");
    assertThatThrownBy(() -> Pca.fit(new float[][] {{1, 2}, {1, 2, 3}}, 1))
        .hasMessageContaining("vector 1 has 3 values, the first has 2");
    assertThatThrownBy(() -> Pca.fit(new float[][] {{1, 2}, {3, 4}}, 3)).hasMessageContaining("components must be in [1, 2]");
  }
}
