package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void handComputedCase() {
    // sorted: 0.1 diff, 0.35 same, 0.4 diff, 0.8 same; accepting >= 0.225 gets 3 of 4 right.
    Threshold.Best best = Threshold.maximisingAccuracy(new double[] {0.1, 0.4, 0.35, 0.8},
        new boolean[] {false, false, true, true});

    assertThat(best.accuracy()).isEqualTo(0.75);
    assertThat(best.threshold()).isCloseTo(0.225, within(1e-12));
  }

  @Test
  void perfectSeparationSplitsTheGap() {
    Threshold.Best best = Threshold.maximisingAccuracy(new double[] {0.1, 0.2, 0.8, 0.9},
        new boolean[] {false, false, true, true});

    assertThat(best.accuracy()).isEqualTo(1.0);
    assertThat(best.threshold()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void tiesAreNeverSplit() {
    double[] scores = {0.5, 0.5, 0.5, 0.9};
    boolean[] same = {true, false, false, true};

    Threshold.Best best = Threshold.maximisingAccuracy(scores, same);

    // Either all three 0.5s are accepted (2 of 4 right) or none (3 of 4 right).
    assertThat(best.accuracy()).isEqualTo(0.75);
    assertThat(Threshold.accuracy(scores, same, best.threshold())).isEqualTo(best.accuracy());
  }

  @Test
  void allSameScores() {
    Threshold.Best best = Threshold.maximisingAccuracy(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, true, false});

    assertThat(best.accuracy()).as("accept all").isCloseTo(2.0 / 3, within(1e-12));
    assertThat(best.threshold()).isLessThan(0.3);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> Threshold.maximisingAccuracy(new double[] {Double.NaN}, new boolean[] {true}))
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Threshold.maximisingAccuracy(new double[2], new boolean[3]))
        .hasMessageContaining("2 scores but 3 labels");
  }
}
