package io.facespark.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.facespark.core.metrics.OpenSetIdentification.Operating;
import io.facespark.core.metrics.OpenSetIdentification.Probe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenSetIdentificationTest {

  private static Probe mated(int rank, float mateScore) {
    return new Probe(true, rank, mateScore, Float.NaN);
  }

  private static Probe nonMated(float best) {
    return new Probe(false, 0, Float.NaN, best);
  }

  @Test
  void cmcCountsMatesWithinEachRank() {
    OpenSetIdentification ids = new OpenSetIdentification(List.of(mated(1, .9f), mated(1, .8f),
        mated(2, .7f), mated(0, Float.NaN), nonMated(.5f)), 3);
    assertThat(ids.cmc()).containsExactly(0.5, 0.75, 0.75);
    assertThat(ids.rank1Rate()).isEqualTo(0.5);
    assertThat(ids.mated()).isEqualTo(4);
    assertThat(ids.nonMated()).isEqualTo(1);
  }

  @Test
  void fpirThresholdSitsJustAboveTheNonMatedScoreThatMustBeRejected() {
    List<Probe> probes = new ArrayList<>();
    // Ten non-mated probes with best scores 0.1 .. 1.0.
    for (int i = 1; i <= 10; i++) {
      probes.add(nonMated(i / 10f));
    }
    probes.add(mated(1, 0.95f));
    probes.add(mated(1, 0.85f));
    probes.add(mated(2, 0.99f));
    probes.add(mated(1, 0.55f));
    OpenSetIdentification ids = new OpenSetIdentification(probes, 5);
    // FPIR 0.1 of 10: one alarm allowed (1.0), so 0.9 must be rejected.
    Operating tenth = ids.atFpir(0.1);
    assertThat(tenth.threshold()).isGreaterThan(0.9f).isLessThan(0.9001);
    assertThat(tenth.fpir()).isEqualTo(0.1);
    // Misses: the rank-2 mate, 0.85 and 0.55 are below the threshold.
    assertThat(tenth.fnir()).isEqualTo(0.75);
    assertThat(tenth.resolvable()).isTrue();
    Operating third = ids.atFpir(0.3);
    assertThat(third.threshold()).isGreaterThan(0.7f).isLessThan(0.7001);
    assertThat(third.fnir()).isEqualTo(0.5);
    // FPIR 0.01 of 10 probes: zero alarms, threshold above the best non-mated score, flagged.
    Operating hundredth = ids.atFpir(0.01);
    assertThat(hundredth.fpir()).isZero();
    assertThat(hundredth.resolvable()).isFalse();
    assertThat(hundredth.fnir()).isEqualTo(1.0);
  }

  @Test
  void tiedNonMatedScoresGiveALowerAchievedFpir() {
    List<Probe> probes = new ArrayList<>(List.of(nonMated(.8f), nonMated(.8f), nonMated(.8f), nonMated(.2f),
        mated(1, .9f), mated(1, .5f)));
    Operating op = new OpenSetIdentification(probes, 1).atFpir(0.5);
    assertThat(op.fpir()).as("two alarms allowed, but three tie at 0.8: all rejected").isZero();
    assertThat(op.fnir()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void nonMatedProbeWithoutCandidatesNeverAlarms() {
    Operating op = new OpenSetIdentification(List.of(nonMated(Float.NaN), nonMated(.3f), mated(1, .4f)), 1)
        .atFpir(0.5);
    assertThat(op.fpir()).isEqualTo(0.5);
    assertThat(op.threshold()).as("below every real score").isLessThan(-1e300);
    assertThat(op.fnir()).isZero();
  }

  @Test
  void refusesWithoutBothKindsOfProbes() {
    assertThatThrownBy(() -> new OpenSetIdentification(List.of(mated(1, .5f)), 1).atFpir(0.1))
        .hasMessageContaining("0 non-mated");
  }
}
