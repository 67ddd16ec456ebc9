package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

  @Test
  void histogramRocAgreesWithTheExactRocWithinTheBinError() {
    Random random = new Random(7);
    int n = 20_000;
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    ScoreHistogram histogram = new ScoreHistogram(4096);
    for (int k = 0; k < n; k++) {
      same[k] = k % 4 == 0;
      scores[k] = Math.max(-1, Math.min(1, (same[k] ? 0.6 : 0.1) + 0.2 * random.nextGaussian()));
      histogram.add(scores[k], same[k]);
    }
    Roc exact = Roc.of(scores, same);
    Roc binned = histogram.roc();

    assertThat(binned.genuine()).isEqualTo(5_000);
    assertThat(binned.impostor()).isEqualTo(15_000);
    assertThat(binned.auc()).isCloseTo(exact.auc(), within(1e-3));
    assertThat(binned.eer()).isCloseTo(exact.eer(), within(2e-3));
    for (double far : new double[] {1e-1, 1e-2, 1e-3}) {
      // Moving the threshold by one bin changes TAR by at most the genuine mass of a bin there.
      long maxGenuineInABin = 0;
      for (int b = 0; b < histogram.bins(); b++) {
        maxGenuineInABin = Math.max(maxGenuineInABin, histogram.genuineIn(b));
      }
      assertThat(binned.tarAtFar(far)).as("TAR@FAR=%s", far)
          .isCloseTo(exact.tarAtFar(far), within((double) maxGenuineInABin / 5_000 + 1e-12));
    }
  }

  @Test
  void mergeAddsCountsAndEdgesClamp() {
    ScoreHistogram a = new ScoreHistogram(8);
    ScoreHistogram b = new ScoreHistogram(8);
    a.add(1.0000001, true);
    a.add(-1.5, false);
    b.add(0.0, true);

    a.merge(b);

    assertThat(a.genuineCount()).isEqualTo(2);
    assertThat(a.genuineIn(7)).as("score just above 1 lands in the top bin").isEqualTo(1);
    assertThat(a.impostorIn(0)).isEqualTo(1);
    assertThat(a.genuineIn(4)).as("0.0 is the lower edge of bin 4 of 8").isEqualTo(1);
    assertThat(a.binWidth()).isEqualTo(0.25);
  }

  @Test
  void mismatchedBinsAndNaNAreRefused() {
    assertThatThrownBy(() -> new ScoreHistogram(8).merge(new ScoreHistogram(16))).hasMessageContaining("8 and 16");
    assertThatThrownBy(() -> new ScoreHistogram(8).add(Double.NaN, true)).hasMessageContaining("NaN");
  }
}
