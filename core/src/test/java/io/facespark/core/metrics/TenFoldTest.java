package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenFoldTest {

  @Test
  void thresholdComesFromTheOtherFoldsOnly() {
    // Fold 1 alone would pick 0.5; folds 2 and 3 agree on 0.3, which misclassifies fold 1's 0.4 impostor.
    TenFold.Fold one = new TenFold.Fold(new double[] {0.6, 0.4}, new boolean[] {true, false});
    TenFold.Fold two = new TenFold.Fold(new double[] {0.35, 0.25}, new boolean[] {true, false});
    TenFold.Fold three = new TenFold.Fold(new double[] {0.36, 0.24}, new boolean[] {true, false});

    TenFold.Result result = TenFold.evaluate(List.of(one, two, three));

    assertThat(result.folds().get(0).accuracy()).as("fold 1 with the others' threshold").isEqualTo(0.5);
    assertThat(result.folds().get(1).accuracy()).isEqualTo(1.0);
    assertThat(result.folds().get(2).accuracy()).isEqualTo(1.0);
    assertThat(result.mean()).isCloseTo(2.5 / 3, within(1e-12));
    // sample std of {0.5, 1, 1}: sqrt(((1/3)^2 + 2 (1/6)^2) / 2) = sqrt(1/12)
    assertThat(result.std()).isCloseTo(Math.sqrt(1.0 / 12), within(1e-12));
    assertThat(result.standardError()).isCloseTo(Math.sqrt(1.0 / 12) / Math.sqrt(3), within(1e-12));
  }
}
