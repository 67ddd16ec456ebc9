package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocTest {

  private final Roc small = Roc.of(new double[] {0.9, 0.8, 0.7, 0.6}, new boolean[] {true, false, true, false});

  @Test
  void knownSmallRoc() {
    assertThat(small.points()).extracting(Roc.Point::far, Roc.Point::tar).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0.0, 0.0), org.assertj.core.groups.Tuple.tuple(0.0, 0.5),
        org.assertj.core.groups.Tuple.tuple(0.5, 0.5), org.assertj.core.groups.Tuple.tuple(0.5, 1.0),
        org.assertj.core.groups.Tuple.tuple(1.0, 1.0));
    assertThat(small.auc()).isCloseTo(0.75, within(1e-12));
    assertThat(small.eer()).isCloseTo(0.5, within(1e-12));
    assertThat(small.tarAtFar(0.0)).isEqualTo(0.5);
    assertThat(small.tarAtFar(0.5)).isEqualTo(1.0);
  }

  @Test
  void operatingPointGivesTheThresholdForAFalseAcceptBudget() {
    // Accepting >= 0.9 keeps FAR 0 with TAR 0.5; >= 0.7 reaches TAR 1.0 at FAR 0.5.
    assertThat(small.operatingPoint(0.0).threshold()).isEqualTo(0.9);
    assertThat(small.operatingPoint(0.49)).isEqualTo(new Roc.Point(0.9, 0.0, 0.5));
    assertThat(small.operatingPoint(0.5)).isEqualTo(new Roc.Point(0.7, 0.5, 1.0));
    assertThat(small.operatingPoint(1.0).threshold()).as("the highest threshold reaching TAR 1").isEqualTo(0.7);
  }

  @Test
  void perfectSeparation() {
    Roc roc = Roc.of(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {true, true, false, false});

    assertThat(roc.auc()).isEqualTo(1.0);
    assertThat(roc.eer()).isEqualTo(0.0);
    assertThat(roc.tarAtFar(0.0)).isEqualTo(1.0);
  }

  @Test
  void tiedScoresMoveTogether() {
    Roc roc = Roc.of(new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, true, false});

    assertThat(roc.points()).hasSize(2);
    assertThat(roc.auc()).as("chance").isCloseTo(0.5, within(1e-12));
    assertThat(roc.tarAtFar(0.1)).isEqualTo(0.0);
  }

  @Test
  void oneClassOnlyIsRefused() {
    assertThatThrownBy(() -> Roc.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .hasMessageContaining("0 impostor");
  }
}
